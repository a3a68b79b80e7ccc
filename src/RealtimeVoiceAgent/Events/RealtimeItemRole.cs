using System;

namespace RealtimeVoiceAgent.Events;

/// <summary>Who a message item is from (<c>item.role</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts or sends can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeItemRole : IEquatable<RealtimeItemRole>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeItemRole(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>user</c>: the caller</summary>
    public static RealtimeItemRole User { get; } = new("user");

    /// <summary><c>assistant</c>: the model</summary>
    public static RealtimeItemRole Assistant { get; } = new("assistant");

    /// <summary><c>system</c>: instructions added to the conversation</summary>
    public static RealtimeItemRole System { get; } = new("system");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeItemRole(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeItemRole left, RealtimeItemRole right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeItemRole left, RealtimeItemRole right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeItemRole FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeItemRole other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeItemRole other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
