using System;

namespace RealtimeVoiceAgent.Events;

/// <summary>The kind of a conversation item (<c>item.type</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts or sends can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeItemType : IEquatable<RealtimeItemType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeItemType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>message</c>: a system, user or assistant message with content parts</summary>
    public static RealtimeItemType Message { get; } = new("message");

    /// <summary><c>function_call</c>: the model calls a function; the arguments are final once the item is done</summary>
    public static RealtimeItemType FunctionCall { get; } = new("function_call");

    /// <summary><c>function_call_output</c>: the output of a function call</summary>
    public static RealtimeItemType FunctionCallOutput { get; } = new("function_call_output");

    /// <summary><c>mcp_list_tools</c>: the tools an MCP server offers</summary>
    public static RealtimeItemType McpListTools { get; } = new("mcp_list_tools");

    /// <summary><c>mcp_call</c>: the model calls a tool of an MCP server</summary>
    public static RealtimeItemType McpCall { get; } = new("mcp_call");

    /// <summary><c>mcp_approval_request</c>: the model asks to call an MCP tool that needs approval</summary>
    public static RealtimeItemType McpApprovalRequest { get; } = new("mcp_approval_request");

    /// <summary><c>mcp_approval_response</c>: the answer to an approval request</summary>
    public static RealtimeItemType McpApprovalResponse { get; } = new("mcp_approval_response");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeItemType(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeItemType left, RealtimeItemType right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeItemType left, RealtimeItemType right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeItemType FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeItemType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeItemType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
