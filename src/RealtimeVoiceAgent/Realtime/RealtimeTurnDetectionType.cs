using System;

namespace RealtimeVoiceAgent;

/// <summary>How the service detects the end of the caller's turn (<c>audio.input.turn_detection.type</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeTurnDetectionType : IEquatable<RealtimeTurnDetectionType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeTurnDetectionType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>semantic_vad</c>: a model judges when the caller has finished speaking</summary>
    public static RealtimeTurnDetectionType SemanticVad { get; } = new("semantic_vad");

    /// <summary><c>server_vad</c>: voice activity detection by energy and silence duration</summary>
    public static RealtimeTurnDetectionType ServerVad { get; } = new("server_vad");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeTurnDetectionType(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeTurnDetectionType left, RealtimeTurnDetectionType right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeTurnDetectionType left, RealtimeTurnDetectionType right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeTurnDetectionType FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeTurnDetectionType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeTurnDetectionType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
