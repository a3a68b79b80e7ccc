using System;

namespace RealtimeVoiceAgent;

/// <summary>What the model answers with (<c>output_modalities</c>). The service accepts one modality per session or response.</summary>
/// <remarks>An extensible enum: any string the service accepts or sends can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeOutputModality : IEquatable<RealtimeOutputModality>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeOutputModality(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>audio</c>: speech, always with its transcript (the service default)</summary>
    public static RealtimeOutputModality Audio { get; } = new("audio");

    /// <summary><c>text</c>: text only</summary>
    public static RealtimeOutputModality Text { get; } = new("text");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeOutputModality(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeOutputModality left, RealtimeOutputModality right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeOutputModality left, RealtimeOutputModality right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeOutputModality FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeOutputModality other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeOutputModality other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
