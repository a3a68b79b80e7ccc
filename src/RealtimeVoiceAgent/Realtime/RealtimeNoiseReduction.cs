using System;

namespace RealtimeVoiceAgent;

/// <summary>Input noise reduction applied before voice detection and the model (<c>audio.input.noise_reduction.type</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeNoiseReduction : IEquatable<RealtimeNoiseReduction>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeNoiseReduction(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>near_field</c>: close-talking microphones such as headsets</summary>
    public static RealtimeNoiseReduction NearField { get; } = new("near_field");

    /// <summary><c>far_field</c>: far-field microphones such as laptops or conference rooms</summary>
    public static RealtimeNoiseReduction FarField { get; } = new("far_field");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeNoiseReduction(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeNoiseReduction left, RealtimeNoiseReduction right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeNoiseReduction left, RealtimeNoiseReduction right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeNoiseReduction FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeNoiseReduction other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeNoiseReduction other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
