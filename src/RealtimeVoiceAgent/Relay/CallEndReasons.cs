namespace RealtimeVoiceAgent.Relay;

/// <summary>The caller <c>error</c> code and message of each <see cref="CallEndReason"/> (the table in docs/client-protocol.md).</summary>
internal static class CallEndReasons
{
    /// <summary>The end-reason tag of a call the caller ended (it has no error code).</summary>
    public const string CallerClosedCode = "caller_closed";

    /// <summary>The end-reason tag of a call the agent ended when its work was done (it has no error code either).</summary>
    public const string CompletedCode = "completed";

    /// <summary>The end reason as traces and metrics tag it: the error code, <c>completed</c> or <c>caller_closed</c>.</summary>
    public static string GetTag(CallEndReason reason) =>
        GetErrorCode(reason) ?? (reason == CallEndReason.Completed ? CompletedCode : CallerClosedCode);

    /// <summary>Whether the call ended because something failed on the server's side (the model, the relay).</summary>
    public static bool IsFault(CallEndReason reason) =>
        reason is CallEndReason.ModelUnavailable or CallEndReason.ModelDisconnected or CallEndReason.InternalError;

    /// <summary>The <c>code</c> of the <c>error</c> message sent before closing, or null when the close needs no explanation.</summary>
    public static string? GetErrorCode(CallEndReason reason) => reason switch
    {
        CallEndReason.FrameTooLarge => "frame_too_large",
        CallEndReason.Flood => "flood",
        CallEndReason.SlowConsumer => "slow_consumer",
        CallEndReason.Busy => "busy",
        CallEndReason.ModelUnavailable => "model_unavailable",
        CallEndReason.ModelDisconnected => "model_disconnected",
        CallEndReason.NotConfigured => "not_configured",
        CallEndReason.CallTimeLimit => "call_time_limit",
        CallEndReason.IdleTimeout => "idle_timeout",
        CallEndReason.InternalError => "internal_error",
        CallEndReason.ServerShutdown => "server_shutdown",
        CallEndReason.ServerDraining => "server_draining",
        _ => null,
    };

    /// <summary>A human-readable message for the caller (the seed's <c>error.data</c>).</summary>
    public static string GetMessage(CallEndReason reason) => reason switch
    {
        CallEndReason.FrameTooLarge => "A message was larger than the frame limit.",
        CallEndReason.Flood => "More audio arrived than real time allows.",
        CallEndReason.SlowConsumer => "The caller stopped reading; the outbound buffer is full.",
        CallEndReason.Busy => "The server is at its call limit. Please try again later.",
        CallEndReason.ModelUnavailable => "Failed to connect to AI service",
        CallEndReason.ModelDisconnected => "Connection to AI failed",
        CallEndReason.NotConfigured => "The AI service is not configured on the server (no API key).",
        CallEndReason.CallTimeLimit => "The call reached its maximum duration.",
        CallEndReason.IdleTimeout => "The call was idle too long.",
        CallEndReason.InternalError => "Internal error.",
        CallEndReason.ServerShutdown => "The server is shutting down.",
        CallEndReason.ServerDraining => "The server is restarting; call again in a moment.",
        CallEndReason.Completed => "The call is complete.",
        _ => "Call ended.",
    };
}
