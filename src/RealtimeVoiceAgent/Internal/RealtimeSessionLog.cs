using System;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Internal;

// Log messages of a RealtimeSession and its sender and receiver, written to the session's logger (category
// RealtimeSession). One class for the three types so the event ids stay unique and unchanged.
internal static partial class RealtimeSessionLog
{
    [LoggerMessage(101, LogLevel.Warning, "Closing the Realtime session took longer than {CloseTimeout}; the socket was aborted", EventName = "CloseTimedOut")]
    public static partial void CloseTimedOut(ILogger logger, TimeSpan closeTimeout);

    [LoggerMessage(102, LogLevel.Debug, "Closing the Realtime session politely failed: {Reason}", EventName = "CloseFailed")]
    public static partial void CloseFailed(ILogger logger, string reason);

    [LoggerMessage(103, LogLevel.Debug, "Realtime session closed", EventName = "Closed")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(104, LogLevel.Debug, "Realtime connection failed: {Reason}", EventName = "ConnectionFailed")]
    public static partial void ConnectionFailed(ILogger logger, string reason);

    [LoggerMessage(105, LogLevel.Debug, "Received an unknown server event {Type}", EventName = "UnknownEvent")]
    public static partial void UnknownEvent(ILogger logger, string type);
}
