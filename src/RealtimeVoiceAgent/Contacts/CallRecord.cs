using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// A stored call: when it ran, why it ended, the transport, the model tokens it used and the contact it saved or changed.
/// It holds no personal data; erasing the contact removes <see cref="ContactId"/> and the call's transcript.
/// </summary>
/// <remarks>Stores keep the times in UTC with millisecond precision (see <see cref="Contact.TruncateToMilliseconds"/>).</remarks>
public sealed record CallRecord
{
    /// <summary>The call's id, unique in its store.</summary>
    public required string CallId { get; init; }

    /// <summary>How the caller was connected, e.g. <c>websocket</c>.</summary>
    public required string TransportKind { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the call ended (UTC).</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>How long the call lasted.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>Why the call ended.</summary>
    public required CallEndReason EndReason { get; init; }

    /// <summary>The model's input tokens over the whole call.</summary>
    public long InputTokens { get; init; }

    /// <summary>The model's output tokens over the whole call.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The contact the call saved or changed, or <see langword="null"/> (none, or erased since).</summary>
    public string? ContactId { get; init; }

    /// <summary>Creates the record of a finished call from the relay's summary.</summary>
    /// <param name="summary">The summary passed to <see cref="VoiceAgent.OnCallEndedAsync"/>.</param>
    /// <param name="contactId">The contact the call saved or changed, or <see langword="null"/>.</param>
    /// <returns>The record, with times at millisecond precision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>.</exception>
    public static CallRecord FromSummary(CallSummary summary, string? contactId)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new CallRecord
        {
            CallId = summary.CallId,
            TransportKind = summary.TransportKind,
            StartedAt = Contact.TruncateToMilliseconds(summary.StartedAt),
            EndedAt = Contact.TruncateToMilliseconds(summary.EndedAt),
            EndReason = summary.EndReason,
            InputTokens = summary.InputTokens,
            OutputTokens = summary.OutputTokens,
            ContactId = contactId,
        };
    }
}
