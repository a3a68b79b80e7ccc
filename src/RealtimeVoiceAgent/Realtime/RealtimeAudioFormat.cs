using System;

namespace RealtimeVoiceAgent;

/// <summary>An audio format (<c>audio.input.format</c> / <c>audio.output.format</c>). <c>audio/pcm</c> is 16-bit little-endian mono at 24 kHz and is always sent with <c>"rate":24000</c>.</summary>
/// <remarks>An extensible enum: any string the service accepts can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeAudioFormat : IEquatable<RealtimeAudioFormat>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeAudioFormat(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>audio/pcm</c>: PCM16 little-endian mono at 24 kHz (48 000 bytes per second)</summary>
    public static RealtimeAudioFormat Pcm16 { get; } = new("audio/pcm");

    /// <summary><c>audio/pcmu</c>: G.711 µ-law, 8 kHz telephony</summary>
    public static RealtimeAudioFormat Pcmu { get; } = new("audio/pcmu");

    /// <summary><c>audio/pcma</c>: G.711 A-law, 8 kHz telephony</summary>
    public static RealtimeAudioFormat Pcma { get; } = new("audio/pcma");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeAudioFormat(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeAudioFormat left, RealtimeAudioFormat right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeAudioFormat left, RealtimeAudioFormat right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeAudioFormat FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeAudioFormat other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeAudioFormat other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
