using System;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Relay;

// Event ids 5000-5099 belong to the relay (CallSession and its parts); names and ids are a stable contract for log queries.
// Transcripts, typed input and tool arguments (contact PII) are logged at Trace only; the caller's number never.
internal static partial class RelayLog
{
    [LoggerMessage(5000, LogLevel.Information, "Call started ({TransportKind}: input {InputFormat}, output {OutputFormat}, model audio {ModelAudioFormat}, agent {AgentName}).")]
    public static partial void CallStarted(ILogger logger, string transportKind, CallerAudioFormat inputFormat, CallerAudioFormat outputFormat, string modelAudioFormat, string agentName);

    [LoggerMessage(5001, LogLevel.Information, "Call ended: {Reason} after {DurationSeconds:F1} s (peak outbound buffer {PeakOutboundBytes} B).")]
    public static partial void CallEnded(ILogger logger, CallEndReason reason, double durationSeconds, long peakOutboundBytes);

    [LoggerMessage(5002, LogLevel.Debug, "Model session connected.")]
    public static partial void ModelConnected(ILogger logger);

    [LoggerMessage(5003, LogLevel.Information, "Model session configured; caller told ready (greeting requested: {Greeted}).")]
    public static partial void CallReady(ILogger logger, bool greeted);

    [LoggerMessage(5004, LogLevel.Warning, "Could not connect to the model ({ExceptionType}): {Message}")]
    public static partial void ModelConnectFailed(ILogger logger, string exceptionType, string message);

    [LoggerMessage(5005, LogLevel.Warning, "The model closed the session during the call.")]
    public static partial void ModelClosed(ILogger logger);

    [LoggerMessage(5006, LogLevel.Warning, "The model connection dropped: {Message}")]
    public static partial void ModelDropped(ILogger logger, string message);

    [LoggerMessage(5007, LogLevel.Warning, "The model reported an error {Code}: {Message}")]
    public static partial void ModelError(ILogger logger, string? code, string? message);

    [LoggerMessage(5008, LogLevel.Information, "The model rejected a truncate/delete of the interrupted reply ({Code}: {Message}); the call goes on.")]
    public static partial void ItemEditRejected(ILogger logger, string? code, string? message);

    [LoggerMessage(5009, LogLevel.Debug, "Reply {ItemId} interrupted at {PlayedMs} ms (response.cancel sent: {Cancelled}).")]
    public static partial void ReplyInterrupted(ILogger logger, string itemId, int playedMs, bool cancelled);

    [LoggerMessage(5010, LogLevel.Debug, "Interrupting the reply failed ({ExceptionType}).")]
    public static partial void InterruptFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5011, LogLevel.Information, "Tool {ToolName} called ({ToolCallId}).")]
    public static partial void ToolCalled(ILogger logger, string toolName, string toolCallId);

    [LoggerMessage(5012, LogLevel.Trace, "Tool {ToolName} arguments: {Arguments}")]
    public static partial void ToolArguments(ILogger logger, string toolName, string arguments);

    [LoggerMessage(5013, LogLevel.Trace, "Assistant said: {Transcript}")]
    public static partial void AssistantTranscript(ILogger logger, string transcript);

    [LoggerMessage(5014, LogLevel.Trace, "Caller said: {Transcript}")]
    public static partial void UserTranscript(ILogger logger, string transcript);

    [LoggerMessage(5015, LogLevel.Debug, "Bad caller message: {Reason}")]
    public static partial void CallerBadMessage(ILogger logger, string reason);

    [LoggerMessage(5016, LogLevel.Warning, "Caller message over the transport's size limit; closing the call.")]
    public static partial void CallerFrameTooLarge(ILogger logger);

    [LoggerMessage(5017, LogLevel.Warning, "Caller sent audio faster than real time (more than {BurstMs} ms ahead); closing the call.")]
    public static partial void CallerFlood(ILogger logger, double burstMs);

    [LoggerMessage(5018, LogLevel.Warning, "Caller is not reading: {MaxOutboundBytes} B are waiting for it; closing the call.")]
    public static partial void CallerNotReading(ILogger logger, int maxOutboundBytes);

    [LoggerMessage(5019, LogLevel.Debug, "Caller connection dropped ({ExceptionType}).")]
    public static partial void CallerDropped(ILogger logger, string exceptionType);

    [LoggerMessage(5020, LogLevel.Debug, "Sending to the caller failed ({ExceptionType}).")]
    public static partial void CallerSendFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5021, LogLevel.Debug, "Closing the caller connection failed ({ExceptionType}).")]
    public static partial void CallerCloseFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5022, LogLevel.Debug, "Closing the model session failed ({ExceptionType}).")]
    public static partial void ModelCloseFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5023, LogLevel.Error, "The relay failed unexpectedly.")]
    public static partial void RelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(5024, LogLevel.Error, "The agent's {Hook} hook failed; the call goes on.")]
    public static partial void AgentHookFailed(ILogger logger, string hook, Exception exception);

    [LoggerMessage(5090, LogLevel.Information, "Call refused: the server is draining for a restart.")]
    public static partial void RefusedWhileDraining(ILogger logger);

    [LoggerMessage(5025, LogLevel.Error, "Creating agent '{AgentName}' for the call failed.")]
    public static partial void AgentCreationFailed(ILogger logger, string agentName, Exception exception);

    [LoggerMessage(5026, LogLevel.Trace, "Caller typed: {Text}")]
    public static partial void CallerTyped(ILogger logger, string text);

    [LoggerMessage(5027, LogLevel.Debug, "A response request met a response the model started itself; asking again when that one is done.")]
    public static partial void ResponseRequestDeferred(ILogger logger);

    [LoggerMessage(5028, LogLevel.Information, "The agent asked to end the call; it ends when the response in progress is done.")]
    public static partial void CallEndRequested(ILogger logger);

    [LoggerMessage(5029, LogLevel.Warning, "The {TransportKind} transport's caller phone number is not E.164; the agent does not get it.")]
    public static partial void CallerPhoneNumberIgnored(ILogger logger, string transportKind);

    [LoggerMessage(5030, LogLevel.Debug, "The agent added a system message to the conversation (response asked for: {Respond}).")]
    public static partial void SystemMessageAdded(ILogger logger, bool respond);

    // Personal data: Trace only.
    [LoggerMessage(5031, LogLevel.Trace, "Agent's system message: {Text}")]
    public static partial void SystemMessageText(ILogger logger, string text);

    [LoggerMessage(5032, LogLevel.Warning, "The model takes no system messages; the agent's message was dropped.")]
    public static partial void SystemMessageNotSupported(ILogger logger);

    [LoggerMessage(5033, LogLevel.Debug, "The agent did not handle the caller's {MessageType} message.")]
    public static partial void AppMessageUnhandled(ILogger logger, string messageType);

    [LoggerMessage(5034, LogLevel.Warning, "The model connection was lost ({Reason}); reconnecting for up to {TimeoutSeconds:F1} s.")]
    public static partial void ModelConnectionLost(ILogger logger, string reason, double timeoutSeconds);

    [LoggerMessage(5035, LogLevel.Information, "Model reconnect attempt {Attempt} ({ElapsedMs:F0} ms into the outage).")]
    public static partial void ModelReconnectAttempt(ILogger logger, int attempt, double elapsedMs);

    [LoggerMessage(5036, LogLevel.Warning, "Model reconnect attempt {Attempt} failed ({ExceptionType}): {Message}")]
    public static partial void ModelReconnectAttemptFailed(ILogger logger, int attempt, string exceptionType, string message);

    [LoggerMessage(5037, LogLevel.Information, "Model session back after {Attempts} attempt(s) and {ElapsedMs:F0} ms; {Replayed} conversation items replayed; caller told ready (response asked for: {Responding}).")]
    public static partial void ModelReconnected(ILogger logger, int attempts, double elapsedMs, int replayed, bool responding);

    [LoggerMessage(5038, LogLevel.Warning, "The model connection could not be restored within {TimeoutSeconds:F1} s ({Attempts} attempts); ending the call.")]
    public static partial void ModelReconnectFailed(ILogger logger, double timeoutSeconds, int attempts);

    [LoggerMessage(5039, LogLevel.Debug, "A send to the model failed ({ExceptionType}); the relay gives the session up and reconnects.")]
    public static partial void ModelSendFailed(ILogger logger, string exceptionType);

    [LoggerMessage(5040, LogLevel.Warning, "The model takes no {ItemKind} items; left out of the replay.")]
    public static partial void ReplayItemNotSupported(ILogger logger, string itemKind);

    [LoggerMessage(5041, LogLevel.Information, "The model session reached the service's session limit ({Code}); reconnecting.")]
    public static partial void ModelSessionExpired(ILogger logger, string code);

    [LoggerMessage(5042, LogLevel.Information, "The model connection dropped after the agent asked to end the call; the call ends now.")]
    public static partial void ModelDroppedWhileEnding(ILogger logger);
    [LoggerMessage(5043, LogLevel.Debug, "The caller stopped playing reply {ItemId}; the model cannot truncate, so nothing was sent (rest of the reply dropped: {DroppedRest}).")]
    public static partial void ReplyStoppedLocally(ILogger logger, string itemId, bool droppedRest);

    [LoggerMessage(5044, LogLevel.Debug, "The agent ended the call while the assistant is speaking; the call ends when it is quiet.")]
    public static partial void CallEndWaitsForQuiet(ILogger logger);
}
