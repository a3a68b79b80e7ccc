using System;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// What a tool handler may return to report success or a <see cref="ToolError"/> explicitly.
/// </summary>
/// <remarks>
/// A handler that returns any other value succeeds with that value. Returning <see cref="Failure(ToolError)"/>
/// is how a handler reports an expected problem (an invalid field, say) without throwing.
/// </remarks>
public sealed class ToolResult
{
    private ToolResult(object? value, ToolError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Whether the tool succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The typed value of a successful call (serialized as <c>result</c> for the model), or <see langword="null"/>.</summary>
    public object? Value { get; }

    /// <summary>The error of a failed call, or <see langword="null"/> when it succeeded.</summary>
    public ToolError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value to return to the model and to the caller of <see cref="ToolRegistry.InvokeAsync"/>.</param>
    /// <returns>The result.</returns>
    public static ToolResult Success(object? value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The error to return to the model.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static ToolResult Failure(ToolError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}
