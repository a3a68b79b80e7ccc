using System.Net.WebSockets;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The WebSocket close status of each <see cref="CallEndReason"/> (the table in docs/client-protocol.md).</summary>
internal static class WebSocketCloseStatuses
{
    // "Try Again Later" (RFC 6455 registry); not in the enum.
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public static WebSocketCloseStatus For(CallEndReason reason) => reason switch
    {
        CallEndReason.FrameTooLarge => WebSocketCloseStatus.MessageTooBig,
        CallEndReason.Flood => WebSocketCloseStatus.PolicyViolation,
        CallEndReason.SlowConsumer => WebSocketCloseStatus.PolicyViolation,
        CallEndReason.Busy => TryAgainLater,
        CallEndReason.ModelUnavailable => WebSocketCloseStatus.InternalServerError,
        CallEndReason.ModelDisconnected => WebSocketCloseStatus.InternalServerError,
        CallEndReason.NotConfigured => WebSocketCloseStatus.InternalServerError,
        CallEndReason.InternalError => WebSocketCloseStatus.InternalServerError,
        CallEndReason.ServerShutdown => WebSocketCloseStatus.EndpointUnavailable,
        _ => WebSocketCloseStatus.NormalClosure,
    };
}
