using System.Net.WebSockets;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The WebSocket close status and description of each <see cref="CallEndReason"/> (the table in docs/client-protocol.md).</summary>
internal static class WebSocketCloseStatuses
{
    // "Try Again Later" (RFC 6455 registry); not in the enum.
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public static WebSocketCloseStatus For(CallEndReason reason) => reason switch
    {
        CallEndReason.FrameTooLarge => WebSocketCloseStatus.MessageTooBig,
        CallEndReason.Flood => WebSocketCloseStatus.PolicyViolation,
        CallEndReason.SlowConsumer => WebSocketCloseStatus.PolicyViolation,
        CallEndReason.Busy => TryAgainLater,
        CallEndReason.ServerDraining => TryAgainLater,
        CallEndReason.ModelUnavailable => WebSocketCloseStatus.InternalServerError,
        CallEndReason.ModelDisconnected => WebSocketCloseStatus.InternalServerError,
        CallEndReason.NotConfigured => WebSocketCloseStatus.InternalServerError,
        CallEndReason.InternalError => WebSocketCloseStatus.InternalServerError,
        CallEndReason.ServerShutdown => WebSocketCloseStatus.EndpointUnavailable,
        _ => WebSocketCloseStatus.NormalClosure, // CallerClosed, Completed, CallTimeLimit, IdleTimeout
    };

    /// <summary>The close frame's reason text: the <c>error</c> code sent before it, <c>completed</c> when the agent ended the call, else <c>call ended</c>.</summary>
    /// <remarks>The description is limited to 123 bytes; these are short and machine-readable.</remarks>
    public static string Description(CallEndReason reason) =>
        CallerEvent.ForEndReason(reason)?.Code ?? (reason == CallEndReason.Completed ? "completed" : "call ended");
}
