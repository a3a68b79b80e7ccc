using System;

namespace RealtimeVoiceAgent;

/// <summary>An output voice (<c>audio.output.voice</c>). <see cref="Marin"/> and <see cref="Cedar"/> are recommended for <c>gpt-realtime</c>.</summary>
/// <remarks>An extensible enum: any string the service accepts can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeVoice : IEquatable<RealtimeVoice>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeVoice(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>alloy</c>.</summary>
    public static RealtimeVoice Alloy { get; } = new("alloy");

    /// <summary><c>ash</c>.</summary>
    public static RealtimeVoice Ash { get; } = new("ash");

    /// <summary><c>ballad</c>.</summary>
    public static RealtimeVoice Ballad { get; } = new("ballad");

    /// <summary><c>coral</c>.</summary>
    public static RealtimeVoice Coral { get; } = new("coral");

    /// <summary><c>echo</c>.</summary>
    public static RealtimeVoice Echo { get; } = new("echo");

    /// <summary><c>sage</c>.</summary>
    public static RealtimeVoice Sage { get; } = new("sage");

    /// <summary><c>shimmer</c>.</summary>
    public static RealtimeVoice Shimmer { get; } = new("shimmer");

    /// <summary><c>verse</c>.</summary>
    public static RealtimeVoice Verse { get; } = new("verse");

    /// <summary><c>marin</c>.</summary>
    public static RealtimeVoice Marin { get; } = new("marin");

    /// <summary><c>cedar</c>.</summary>
    public static RealtimeVoice Cedar { get; } = new("cedar");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeVoice(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeVoice left, RealtimeVoice right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeVoice left, RealtimeVoice right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeVoice FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeVoice other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeVoice other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
