using System;

namespace RealtimeVoiceAgent;

/// <summary>Whether and which tools the model calls (<c>tool_choice</c>): a mode, or one function it must call.</summary>
/// <remarks>
/// <para>An extensible enum: any mode the service accepts can be used through the constructor or the implicit conversion,
/// and is sent as a string (<c>"tool_choice":"auto"</c>).</para>
/// <para>To force a function use <see cref="Function"/>, which is sent as <c>{"type":"function","name":"…"}</c>; a
/// function name converted from a string would be sent as an unknown mode and rejected by the service.</para>
/// </remarks>
public readonly struct RealtimeToolChoice : IEquatable<RealtimeToolChoice>
{
    private const string FunctionType = "function";

    private readonly string? _value;

    /// <summary>Creates a mode from its wire string.</summary>
    /// <param name="value">The mode as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeToolChoice(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    private RealtimeToolChoice(string value, string functionName)
        : this(value)
    {
        FunctionName = functionName;
    }

    /// <summary><c>auto</c>: the model decides whether to call a tool (the service default).</summary>
    public static RealtimeToolChoice Auto { get; } = new("auto");

    /// <summary><c>none</c>: the model calls no tool.</summary>
    public static RealtimeToolChoice None { get; } = new("none");

    /// <summary><c>required</c>: the model calls at least one tool.</summary>
    public static RealtimeToolChoice Required { get; } = new("required");

    /// <summary>The mode as the service spells it, or <c>function</c> when <see cref="FunctionName"/> is set.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>The function the model must call, or <see langword="null"/> for a mode.</summary>
    public string? FunctionName { get; }

    /// <summary>Converts a mode's wire string to a value.</summary>
    /// <param name="value">The mode as the service spells it.</param>
    public static implicit operator RealtimeToolChoice(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeToolChoice left, RealtimeToolChoice right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeToolChoice left, RealtimeToolChoice right) => !left.Equals(right);

    /// <summary>Forces the model to call one function.</summary>
    /// <param name="name">The function name, as registered in the session's tools.</param>
    /// <returns>The choice, sent as <c>{"type":"function","name":"…"}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static RealtimeToolChoice Function(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(FunctionType, name);
    }

    /// <summary>Creates a mode from its wire string.</summary>
    /// <param name="value">The mode as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeToolChoice FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeToolChoice other) =>
        string.Equals(Value, other.Value, StringComparison.Ordinal) && string.Equals(FunctionName, other.FunctionName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeToolChoice other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Value), FunctionName is null ? 0 : StringComparer.Ordinal.GetHashCode(FunctionName));

    /// <summary>The mode, or <c>function:</c> and the name for a forced function.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => FunctionName is null ? Value : Value + ":" + FunctionName;
}
