using System;
using System.Collections.Generic;
using System.Text.Json;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent;

// One method per server event, in the order of ServerEventParser. Every event method ends with the optional eventId.
public static partial class RealtimeVoiceAgentModelFactory
{
    /// <summary>Creates an <c>error</c> event.</summary>
    /// <param name="error">The error details; see <see cref="ErrorDetails"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static RealtimeServerEventError Error(RealtimeErrorDetails error, string? eventId = null) =>
        new() { Error = NotNull(error), EventId = eventId };

    /// <summary>Creates a <c>session.created</c> event.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="model">The model serving the session.</param>
    /// <param name="instructions">The instructions in force.</param>
    /// <param name="voice">The output voice in force.</param>
    /// <param name="session">The whole <c>session</c> object, if any; the event keeps a copy.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventSessionCreated SessionCreated(string? sessionId, string? model, string? instructions, RealtimeVoice? voice, JsonElement session = default, string? eventId = null) =>
        new() { SessionId = sessionId, Model = model, Instructions = instructions, Voice = voice, Session = Detach(session), EventId = eventId };

    /// <summary>Creates a <c>session.updated</c> event.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="model">The model serving the session.</param>
    /// <param name="instructions">The instructions in force.</param>
    /// <param name="voice">The output voice in force.</param>
    /// <param name="session">The whole <c>session</c> object, if any; the event keeps a copy.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventSessionUpdated SessionUpdated(string? sessionId, string? model, string? instructions, RealtimeVoice? voice, JsonElement session = default, string? eventId = null) =>
        new() { SessionId = sessionId, Model = model, Instructions = instructions, Voice = voice, Session = Detach(session), EventId = eventId };

    /// <summary>Creates an <c>input_audio_buffer.speech_started</c> event.</summary>
    /// <param name="audioStartMs">Offset of the speech start in the session's input audio, in milliseconds.</param>
    /// <param name="itemId">The user item that will be created.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventInputAudioBufferSpeechStarted InputAudioBufferSpeechStarted(int audioStartMs, string? itemId, string? eventId = null) =>
        new() { AudioStartMs = audioStartMs, ItemId = itemId, EventId = eventId };

    /// <summary>Creates an <c>input_audio_buffer.speech_stopped</c> event.</summary>
    /// <param name="audioEndMs">Offset of the speech end in the session's input audio, in milliseconds.</param>
    /// <param name="itemId">The user item that will be created.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventInputAudioBufferSpeechStopped InputAudioBufferSpeechStopped(int audioEndMs, string? itemId, string? eventId = null) =>
        new() { AudioEndMs = audioEndMs, ItemId = itemId, EventId = eventId };

    /// <summary>Creates an <c>input_audio_buffer.committed</c> event.</summary>
    /// <param name="itemId">The user item created from the audio.</param>
    /// <param name="previousItemId">The item before it, or <see langword="null"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventInputAudioBufferCommitted InputAudioBufferCommitted(string? itemId, string? previousItemId = null, string? eventId = null) =>
        new() { ItemId = itemId, PreviousItemId = previousItemId, EventId = eventId };

    /// <summary>Creates an <c>input_audio_buffer.cleared</c> event.</summary>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventInputAudioBufferCleared InputAudioBufferCleared(string? eventId = null) =>
        new() { EventId = eventId };

    /// <summary>Creates a <c>conversation.item.added</c> event.</summary>
    /// <param name="item">The item; see <see cref="Item"/>.</param>
    /// <param name="previousItemId">The item before it, or <see langword="null"/> when first.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static RealtimeServerEventConversationItemAdded ConversationItemAdded(RealtimeItem item, string? previousItemId = null, string? eventId = null) =>
        new() { Item = NotNull(item), PreviousItemId = previousItemId, EventId = eventId };

    /// <summary>Creates a <c>conversation.item.done</c> event.</summary>
    /// <param name="item">The final item; see <see cref="Item"/>.</param>
    /// <param name="previousItemId">The item before it, or <see langword="null"/> when first.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static RealtimeServerEventConversationItemDone ConversationItemDone(RealtimeItem item, string? previousItemId = null, string? eventId = null) =>
        new() { Item = NotNull(item), PreviousItemId = previousItemId, EventId = eventId };

    /// <summary>Creates a <c>conversation.item.created</c> event (the beta name of added/done).</summary>
    /// <param name="item">The item; see <see cref="Item"/>.</param>
    /// <param name="previousItemId">The item before it, or <see langword="null"/> when first.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static RealtimeServerEventConversationItemCreated ConversationItemCreated(RealtimeItem item, string? previousItemId = null, string? eventId = null) =>
        new() { Item = NotNull(item), PreviousItemId = previousItemId, EventId = eventId };

    /// <summary>Creates a <c>conversation.item.truncated</c> event.</summary>
    /// <param name="itemId">The assistant item.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="audioEndMs">The audio kept, in milliseconds.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventConversationItemTruncated ConversationItemTruncated(string? itemId, int contentIndex, int audioEndMs, string? eventId = null) =>
        new() { ItemId = itemId, ContentIndex = contentIndex, AudioEndMs = audioEndMs, EventId = eventId };

    /// <summary>Creates a <c>conversation.item.deleted</c> event.</summary>
    /// <param name="itemId">The deleted item.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventConversationItemDeleted ConversationItemDeleted(string? itemId, string? eventId = null) =>
        new() { ItemId = itemId, EventId = eventId };

    /// <summary>Creates a <c>conversation.item.input_audio_transcription.delta</c> event.</summary>
    /// <param name="itemId">The user item.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="delta">The transcript fragment.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delta"/> is null.</exception>
    public static RealtimeServerEventInputAudioTranscriptionDelta InputAudioTranscriptionDelta(string? itemId, int contentIndex, string delta, string? eventId = null) =>
        new() { ItemId = itemId, ContentIndex = contentIndex, Delta = NotNull(delta), EventId = eventId };

    /// <summary>Creates a <c>conversation.item.input_audio_transcription.completed</c> event.</summary>
    /// <param name="itemId">The user item.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="transcript">The full transcript.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transcript"/> is null.</exception>
    public static RealtimeServerEventInputAudioTranscriptionCompleted InputAudioTranscriptionCompleted(string? itemId, int contentIndex, string transcript, string? eventId = null) =>
        new() { ItemId = itemId, ContentIndex = contentIndex, Transcript = NotNull(transcript), EventId = eventId };

    /// <summary>Creates a <c>conversation.item.input_audio_transcription.failed</c> event.</summary>
    /// <param name="itemId">The user item.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="error">The error details; see <see cref="ErrorDetails"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static RealtimeServerEventInputAudioTranscriptionFailed InputAudioTranscriptionFailed(string? itemId, int contentIndex, RealtimeErrorDetails error, string? eventId = null) =>
        new() { ItemId = itemId, ContentIndex = contentIndex, Error = NotNull(error), EventId = eventId };

    /// <summary>Creates a <c>response.created</c> event; its <see cref="RealtimeServerEventResponseCreated.ResponseId"/> is the response's id.</summary>
    /// <param name="response">The response, usually in progress; see <see cref="Response"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    public static RealtimeServerEventResponseCreated ResponseCreated(RealtimeResponse response, string? eventId = null) =>
        new() { ResponseId = NotNull(response).Id, Response = response, EventId = eventId };

    /// <summary>Creates a <c>response.done</c> event.</summary>
    /// <param name="response">The final response with status, usage and output items; see <see cref="Response"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    public static RealtimeServerEventResponseDone ResponseDone(RealtimeResponse response, string? eventId = null) =>
        new() { Response = NotNull(response), EventId = eventId };

    /// <summary>Creates a <c>response.output_item.added</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="item">The item, in progress; see <see cref="Item"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static RealtimeServerEventResponseOutputItemAdded ResponseOutputItemAdded(string? responseId, int outputIndex, RealtimeItem item, string? eventId = null) =>
        new() { ResponseId = responseId, OutputIndex = outputIndex, Item = NotNull(item), EventId = eventId };

    /// <summary>Creates a <c>response.output_item.done</c> event; the relay runs a tool for a completed function call item.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="item">The final item; see <see cref="Item"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static RealtimeServerEventResponseOutputItemDone ResponseOutputItemDone(string? responseId, int outputIndex, RealtimeItem item, string? eventId = null) =>
        new() { ResponseId = responseId, OutputIndex = outputIndex, Item = NotNull(item), EventId = eventId };

    /// <summary>Creates a <c>response.output_audio.delta</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="audio">The decoded audio, PCM16 24 kHz mono unless the session was configured otherwise; the event refers to it, it does not copy it.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>A new event; unlike the session's, it is not reused.</returns>
    public static RealtimeServerEventResponseOutputAudioDelta ResponseOutputAudioDelta(string? responseId, string? itemId, int outputIndex, int contentIndex, ReadOnlyMemory<byte> audio, string? eventId = null) =>
        new RealtimeServerEventResponseOutputAudioDelta().Set(responseId, itemId, outputIndex, contentIndex, audio, eventId);

    /// <summary>Creates a <c>response.output_audio.done</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    public static RealtimeServerEventResponseOutputAudioDone ResponseOutputAudioDone(string? responseId, string? itemId, int outputIndex, int contentIndex, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, ContentIndex = contentIndex, EventId = eventId };

    /// <summary>Creates a <c>response.output_audio_transcript.delta</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="delta">The transcript fragment.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delta"/> is null.</exception>
    public static RealtimeServerEventResponseOutputAudioTranscriptDelta ResponseOutputAudioTranscriptDelta(string? responseId, string? itemId, int outputIndex, int contentIndex, string delta, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, ContentIndex = contentIndex, Delta = NotNull(delta), EventId = eventId };

    /// <summary>Creates a <c>response.output_audio_transcript.done</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="transcript">The full transcript.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transcript"/> is null.</exception>
    public static RealtimeServerEventResponseOutputAudioTranscriptDone ResponseOutputAudioTranscriptDone(string? responseId, string? itemId, int outputIndex, int contentIndex, string transcript, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, ContentIndex = contentIndex, Transcript = NotNull(transcript), EventId = eventId };

    /// <summary>Creates a <c>response.output_text.delta</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="delta">The text fragment.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delta"/> is null.</exception>
    public static RealtimeServerEventResponseOutputTextDelta ResponseOutputTextDelta(string? responseId, string? itemId, int outputIndex, int contentIndex, string delta, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, ContentIndex = contentIndex, Delta = NotNull(delta), EventId = eventId };

    /// <summary>Creates a <c>response.output_text.done</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The assistant item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="contentIndex">The index of the content part in the item.</param>
    /// <param name="text">The full text.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static RealtimeServerEventResponseOutputTextDone ResponseOutputTextDone(string? responseId, string? itemId, int outputIndex, int contentIndex, string text, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, ContentIndex = contentIndex, Text = NotNull(text), EventId = eventId };

    /// <summary>Creates a <c>response.function_call_arguments.delta</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The function call item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="callId">The call id.</param>
    /// <param name="delta">The JSON fragment.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delta"/> is null.</exception>
    public static RealtimeServerEventResponseFunctionCallArgumentsDelta ResponseFunctionCallArgumentsDelta(string? responseId, string? itemId, int outputIndex, string? callId, string delta, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, CallId = callId, Delta = NotNull(delta), EventId = eventId };

    /// <summary>Creates a <c>response.function_call_arguments.done</c> event.</summary>
    /// <param name="responseId">The response id.</param>
    /// <param name="itemId">The function call item id.</param>
    /// <param name="outputIndex">The index of the item in the response output.</param>
    /// <param name="callId">The call id.</param>
    /// <param name="name">The function name.</param>
    /// <param name="arguments">The complete JSON arguments.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="arguments"/> is null.</exception>
    public static RealtimeServerEventResponseFunctionCallArgumentsDone ResponseFunctionCallArgumentsDone(string? responseId, string? itemId, int outputIndex, string? callId, string? name, string arguments, string? eventId = null) =>
        new() { ResponseId = responseId, ItemId = itemId, OutputIndex = outputIndex, CallId = callId, Name = name, Arguments = NotNull(arguments), EventId = eventId };

    /// <summary>Creates a <c>rate_limits.updated</c> event.</summary>
    /// <param name="rateLimits">The limits; see <see cref="RateLimit"/>.</param>
    /// <param name="eventId">The server <c>event_id</c>, or <see langword="null"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rateLimits"/> is null.</exception>
    public static RealtimeServerEventRateLimitsUpdated RateLimitsUpdated(IEnumerable<RealtimeRateLimit> rateLimits, string? eventId = null) =>
        new() { RateLimits = Copy(NotNull(rateLimits)), EventId = eventId };

    /// <summary>Creates an event of a type the SDK does not model, as the session yields it.</summary>
    /// <param name="type">The wire <c>type</c>; empty when the message had none.</param>
    /// <param name="rawJson">The whole message.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> or <paramref name="rawJson"/> is null.</exception>
    public static RealtimeServerEventUnknown Unknown(string type, string rawJson) => new(NotNull(type), NotNull(rawJson));

    // The event keeps a copy, so the caller may dispose the document the element came from (as the parser does).
    private static JsonElement Detach(JsonElement session) => session.ValueKind == JsonValueKind.Undefined ? default : session.Clone();
}
