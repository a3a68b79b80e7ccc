using System;

namespace RealtimeVoiceAgent.Events;

/// <summary>The status of a conversation item (<c>item.status</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts or sends can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeItemStatus : IEquatable<RealtimeItemStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeItemStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>in_progress</c>: the item is still being produced</summary>
    public static RealtimeItemStatus InProgress { get; } = new("in_progress");

    /// <summary><c>completed</c>: the item is final</summary>
    public static RealtimeItemStatus Completed { get; } = new("completed");

    /// <summary><c>incomplete</c>: the item was cut short, for example when its response was cancelled</summary>
    public static RealtimeItemStatus Incomplete { get; } = new("incomplete");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeItemStatus(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeItemStatus left, RealtimeItemStatus right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeItemStatus left, RealtimeItemStatus right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeItemStatus FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeItemStatus other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeItemStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
