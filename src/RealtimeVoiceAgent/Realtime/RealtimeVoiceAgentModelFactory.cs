using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent;

/// <summary>Creates the read-only server events and their models, which have no public constructors.</summary>
/// <remarks>
/// <para>For tests that feed events to code under test, and for a <see cref="VoiceModelSession"/> that maps another voice
/// API's events onto the <c>RealtimeServerEvent…</c> types the relay understands.</para>
/// <para>One method per type, named after it without the <c>RealtimeServerEvent</c> or <c>Realtime</c> prefix. Event
/// methods take the event's fields in wire order, then <c>eventId</c>; model methods take every field as an optional
/// parameter, so name the ones you need. Lists are copied.</para>
/// </remarks>
public static partial class RealtimeVoiceAgentModelFactory
{
    /// <summary>Creates a content part of a conversation item.</summary>
    /// <param name="type">The part type, e.g. <c>input_audio</c> or <c>output_audio</c>.</param>
    /// <param name="text">The text of a text part.</param>
    /// <param name="transcript">The transcript of an audio part.</param>
    /// <returns>The part.</returns>
    public static RealtimeContentPart ContentPart(string? type = null, string? text = null, string? transcript = null) =>
        new() { Type = type, Text = text, Transcript = transcript };

    /// <summary>Creates a conversation item: a message, a function call or a function call output.</summary>
    /// <param name="id">The item id.</param>
    /// <param name="type">The item type.</param>
    /// <param name="role">For messages: who the message is from.</param>
    /// <param name="status">The item status.</param>
    /// <param name="callId">For function calls and their outputs: the call id.</param>
    /// <param name="name">For function calls: the function name.</param>
    /// <param name="arguments">For function calls: the JSON arguments.</param>
    /// <param name="output">For function call outputs: the output.</param>
    /// <param name="content">For messages: the content parts; none when <see langword="null"/>.</param>
    /// <returns>The item.</returns>
    public static RealtimeItem Item(
        string? id = null,
        RealtimeItemType? type = null,
        RealtimeItemRole? role = null,
        RealtimeItemStatus? status = null,
        string? callId = null,
        string? name = null,
        string? arguments = null,
        string? output = null,
        IEnumerable<RealtimeContentPart>? content = null) =>
        new() { Id = id, Type = type, Role = role, Status = status, CallId = callId, Name = name, Arguments = arguments, Output = output, Content = Copy(content) };

    /// <summary>Creates a model response, as carried by <c>response.created</c> and <c>response.done</c>.</summary>
    /// <param name="id">The response id.</param>
    /// <param name="status">The response status.</param>
    /// <param name="statusDetails">Why the response ended.</param>
    /// <param name="usage">The token usage; <see langword="null"/> until the response is done.</param>
    /// <param name="conversationId">The conversation the response was written to.</param>
    /// <param name="output">The output items; none when <see langword="null"/>.</param>
    /// <returns>The response.</returns>
    public static RealtimeResponse Response(
        string? id = null,
        RealtimeResponseStatus? status = null,
        RealtimeResponseStatusDetails? statusDetails = null,
        RealtimeUsage? usage = null,
        string? conversationId = null,
        IEnumerable<RealtimeItem>? output = null) =>
        new() { Id = id, Status = status, StatusDetails = statusDetails, Usage = usage, ConversationId = conversationId, Output = Copy(output) };

    /// <summary>Creates the reason a response ended the way it did.</summary>
    /// <param name="type">The status it explains, e.g. <c>cancelled</c>.</param>
    /// <param name="reason">The reason, e.g. <c>turn_detected</c>.</param>
    /// <param name="errorType">For failed responses: the error type.</param>
    /// <param name="errorCode">For failed responses: the error code.</param>
    /// <returns>The details.</returns>
    public static RealtimeResponseStatusDetails ResponseStatusDetails(string? type = null, string? reason = null, string? errorType = null, string? errorCode = null) =>
        new() { Type = type, Reason = reason, ErrorType = errorType, ErrorCode = errorCode };

    /// <summary>Creates the token usage of a response.</summary>
    /// <param name="totalTokens">Input plus output tokens.</param>
    /// <param name="inputTokens">Input tokens, including cached ones.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="inputTextTokens">Input text tokens.</param>
    /// <param name="inputAudioTokens">Input audio tokens.</param>
    /// <param name="inputCachedTokens">Cached input tokens.</param>
    /// <param name="outputTextTokens">Output text tokens.</param>
    /// <param name="outputAudioTokens">Output audio tokens.</param>
    /// <param name="inputCachedTextTokens">Cached input text tokens.</param>
    /// <param name="inputCachedAudioTokens">Cached input audio tokens.</param>
    /// <returns>The usage.</returns>
    public static RealtimeUsage Usage(
        int totalTokens = 0,
        int inputTokens = 0,
        int outputTokens = 0,
        int inputTextTokens = 0,
        int inputAudioTokens = 0,
        int inputCachedTokens = 0,
        int outputTextTokens = 0,
        int outputAudioTokens = 0,
        int inputCachedTextTokens = 0,
        int inputCachedAudioTokens = 0) =>
        new()
        {
            TotalTokens = totalTokens,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            InputTextTokens = inputTextTokens,
            InputAudioTokens = inputAudioTokens,
            InputCachedTokens = inputCachedTokens,
            OutputTextTokens = outputTextTokens,
            OutputAudioTokens = outputAudioTokens,
            InputCachedTextTokens = inputCachedTextTokens,
            InputCachedAudioTokens = inputCachedAudioTokens,
        };

    /// <summary>Creates the details of an <c>error</c> event or a failed transcription.</summary>
    /// <param name="type">The error type, e.g. <c>invalid_request_error</c>.</param>
    /// <param name="code">The error code, e.g. <c>unknown_parameter</c>.</param>
    /// <param name="message">A human-readable message.</param>
    /// <param name="param">The parameter the error refers to.</param>
    /// <param name="eventId">The client <c>event_id</c> that caused the error.</param>
    /// <returns>The details.</returns>
    public static RealtimeErrorDetails ErrorDetails(string? type = null, string? code = null, string? message = null, string? param = null, string? eventId = null) =>
        new() { Type = type, Code = code, Message = message, Param = param, EventId = eventId };

    /// <summary>Creates one entry of <c>rate_limits.updated</c>.</summary>
    /// <param name="name"><c>requests</c> or <c>tokens</c>.</param>
    /// <param name="limit">The maximum allowed.</param>
    /// <param name="remaining">What remains before the limit is reached.</param>
    /// <param name="resetSeconds">Seconds until the limit resets.</param>
    /// <returns>The entry.</returns>
    public static RealtimeRateLimit RateLimit(string? name = null, long limit = 0, long remaining = 0, double resetSeconds = 0) =>
        new() { Name = name, Limit = limit, Remaining = remaining, ResetSeconds = resetSeconds };

    private static IReadOnlyList<T> Copy<T>(IEnumerable<T>? items) => items is null ? Array.Empty<T>() : [.. items];

    private static T NotNull<T>(T value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return value;
    }
}
