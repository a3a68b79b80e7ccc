using System;

namespace RealtimeVoiceAgent.Events;

/// <summary>The status of a model response (<c>response.status</c>).</summary>
/// <remarks>An extensible enum: any string the service accepts or sends can be used through the constructor or the implicit conversion.</remarks>
public readonly struct RealtimeResponseStatus : IEquatable<RealtimeResponseStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public RealtimeResponseStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>in_progress</c>: the response is being produced (<c>response.created</c>)</summary>
    public static RealtimeResponseStatus InProgress { get; } = new("in_progress");

    /// <summary><c>completed</c>: the response ended normally</summary>
    public static RealtimeResponseStatus Completed { get; } = new("completed");

    /// <summary><c>cancelled</c>: the response was cancelled, by the caller speaking or by <c>response.cancel</c></summary>
    public static RealtimeResponseStatus Cancelled { get; } = new("cancelled");

    /// <summary><c>failed</c>: the response failed; the status details carry the error</summary>
    public static RealtimeResponseStatus Failed { get; } = new("failed");

    /// <summary><c>incomplete</c>: the response stopped early, for example at the output token limit</summary>
    public static RealtimeResponseStatus Incomplete { get; } = new("incomplete");

    /// <summary>The wire string.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The value as the service spells it.</param>
    public static implicit operator RealtimeResponseStatus(string value) => new(value);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(RealtimeResponseStatus left, RealtimeResponseStatus right) => left.Equals(right);

    /// <summary>Compares two values (ordinal).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(RealtimeResponseStatus left, RealtimeResponseStatus right) => !left.Equals(right);

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The value as the service spells it.</param>
    /// <returns>The value.</returns>
    public static RealtimeResponseStatus FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(RealtimeResponseStatus other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RealtimeResponseStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
