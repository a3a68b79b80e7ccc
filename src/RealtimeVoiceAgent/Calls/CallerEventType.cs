using System;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// The type of a <see cref="CallerEvent"/>: the <c>type</c> of the caller protocol's message (docs/client-protocol.md).
/// An extensible enum: an agent may send its own types (for example <c>contact_saved</c>) through the implicit conversion.
/// </summary>
public readonly struct CallerEventType : IEquatable<CallerEventType>
{
    private readonly string? _value;

    /// <summary>Creates a type from its wire string.</summary>
    /// <param name="value">The type as the caller protocol spells it.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or empty.</exception>
    public CallerEventType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary><c>ready</c>: the model session is configured; the caller may start its microphone.</summary>
    public static CallerEventType Ready { get; } = new("ready");

    /// <summary>
    /// <c>reconnecting</c>: the model connection dropped and the relay is reconnecting; caller audio is dropped until the next
    /// <see cref="Ready"/> (the call and everything said so far are kept).
    /// </summary>
    public static CallerEventType Reconnecting { get; } = new("reconnecting");

    /// <summary><c>listening</c>: the caller started speaking; stop playing the assistant at once.</summary>
    public static CallerEventType Listening { get; } = new("listening");

    /// <summary><c>processing</c>: the caller stopped speaking; the model is thinking.</summary>
    public static CallerEventType Processing { get; } = new("processing");

    /// <summary><c>text</c>: the transcript of one whole assistant reply (the seed's caption).</summary>
    public static CallerEventType Text { get; } = new("text");

    /// <summary><c>transcript_delta</c>: part of a transcript, either side.</summary>
    public static CallerEventType TranscriptDelta { get; } = new("transcript_delta");

    /// <summary><c>transcript</c>: a finished transcript, either side.</summary>
    public static CallerEventType Transcript { get; } = new("transcript");

    /// <summary><c>response_done</c>: a model response ended.</summary>
    public static CallerEventType ResponseDone { get; } = new("response_done");

    /// <summary><c>error</c>: something went wrong (<see cref="CallerEvent.Code"/> says what).</summary>
    public static CallerEventType Error { get; } = new("error");

    /// <summary><c>call_ending</c>: the server is draining for a restart and ends the call within <c>data.withinSeconds</c> (<see cref="VoiceAgentDrain"/>).</summary>
    public static CallerEventType CallEnding { get; } = new("call_ending");

    /// <summary>Converts a wire string.</summary>
    /// <param name="value">The type.</param>
    public static implicit operator CallerEventType(string value) => new(value);

    /// <summary>Compares two types.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(CallerEventType left, CallerEventType right) => left.Equals(right);

    /// <summary>Compares two types.</summary>
    /// <param name="left">The first type.</param>
    /// <param name="right">The second type.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(CallerEventType left, CallerEventType right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(CallerEventType other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CallerEventType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc/>
    public override string ToString() => _value ?? string.Empty;
}
