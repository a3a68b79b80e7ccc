using System;
using System.Text.Json;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// A message for the caller other than audio: the relay's own (<c>ready</c>, <c>listening</c>, captions, errors) and an
/// agent's (<see cref="CallContext.SendEvent"/>). Each caller transport renders the ones it can carry: the browser
/// WebSocket sends them as JSON (docs/client-protocol.md); a phone line may act on <c>listening</c> and drop the rest.
/// </summary>
/// <remarks>Immutable; the well-known instances are shared.</remarks>
public sealed class CallerEvent
{
    private CallerEvent(CallerEventType type)
    {
        Type = type;
    }

    /// <summary><c>ready</c>.</summary>
    public static CallerEvent Ready { get; } = new(CallerEventType.Ready);

    /// <summary><c>reconnecting</c>.</summary>
    public static CallerEvent Reconnecting { get; } = new(CallerEventType.Reconnecting);

    /// <summary><c>listening</c>.</summary>
    public static CallerEvent Listening { get; } = new(CallerEventType.Listening);

    /// <summary><c>processing</c>.</summary>
    public static CallerEvent Processing { get; } = new(CallerEventType.Processing);

    /// <summary>The message type.</summary>
    public CallerEventType Type { get; }

    /// <summary>The text: a caption, a transcript or its delta, or an error's message.</summary>
    public string? Text { get; private init; }

    /// <summary>For <see cref="CallerEventType.Error"/>: the machine-readable code, e.g. <c>bad_message</c>.</summary>
    public string? Code { get; private init; }

    /// <summary>For transcripts: who is speaking.</summary>
    public CallTranscriptRole? Role { get; private init; }

    /// <summary>For transcripts: the conversation item.</summary>
    public string? ItemId { get; private init; }

    /// <summary>For <see cref="CallerEventType.ResponseDone"/>: <c>completed</c>, <c>cancelled</c>, <c>failed</c> or <c>incomplete</c>.</summary>
    public string? Status { get; private init; }

    /// <summary>For <see cref="CallerEventType.ResponseDone"/>: the response id.</summary>
    public string? ResponseId { get; private init; }

    /// <summary>For an agent's own events: the payload (sent as <c>data</c>).</summary>
    public JsonElement? Data { get; private init; }

    /// <summary>An <c>error</c> message.</summary>
    /// <param name="code">The machine-readable code.</param>
    /// <param name="message">A message a person can read.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="message"/> is empty.</exception>
    public static CallerEvent ForError(string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(CallerEventType.Error) { Code = code, Text = message };
    }

    /// <summary>The <c>error</c> that explains why a call ends, or <see langword="null"/> when the end needs none (the caller hung up, or the agent completed the call).</summary>
    /// <param name="reason">Why the call ends.</param>
    /// <returns>The event, or <see langword="null"/>.</returns>
    public static CallerEvent? ForEndReason(CallEndReason reason) =>
        reason is CallEndReason.CallerClosed or CallEndReason.None || CallEndReasons.GetErrorCode(reason) is not { } code
            ? null
            : ForError(code, CallEndReasons.GetMessage(reason));

    /// <summary>A <c>text</c> caption: the transcript of one whole assistant reply.</summary>
    /// <param name="transcript">The transcript.</param>
    /// <returns>The event.</returns>
    public static CallerEvent ForText(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new(CallerEventType.Text) { Text = transcript };
    }

    /// <summary>A <c>transcript_delta</c> (part of a line) or a <c>transcript</c> (a whole line).</summary>
    /// <param name="role">Who is speaking.</param>
    /// <param name="itemId">The conversation item, if known.</param>
    /// <param name="text">The delta or the whole line.</param>
    /// <param name="isDelta">Whether <paramref name="text"/> is a delta.</param>
    /// <returns>The event.</returns>
    public static CallerEvent ForTranscript(CallTranscriptRole role, string? itemId, string text, bool isDelta)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(isDelta ? CallerEventType.TranscriptDelta : CallerEventType.Transcript) { Role = role, ItemId = itemId, Text = text };
    }

    /// <summary>A <c>response_done</c>.</summary>
    /// <param name="status">How the response ended.</param>
    /// <param name="responseId">The response id, if known.</param>
    /// <returns>The event.</returns>
    public static CallerEvent ForResponseDone(string status, string? responseId)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        return new(CallerEventType.ResponseDone) { Status = status, ResponseId = responseId };
    }

    /// <summary>An agent's own event, such as <c>contact_saved</c> with the contact as <c>data</c>.</summary>
    /// <param name="type">The type; not one of the relay's own.</param>
    /// <param name="data">The payload, or <see langword="null"/> for none.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public static CallerEvent Create(CallerEventType type, JsonElement? data = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type.ToString(), nameof(type));
        return new(type) { Data = data };
    }
}
