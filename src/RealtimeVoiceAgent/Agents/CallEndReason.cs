namespace RealtimeVoiceAgent;

/// <summary>Why a call ended. Each reason but <see cref="CallerClosed"/> and <see cref="Completed"/> has a caller <c>error</c> code (<see cref="Calls.CallerEvent.ForEndReason"/>); the WebSocket transport maps each to a close status (docs/client-protocol.md).</summary>
public enum CallEndReason
{
    /// <summary>Still running (or no reason recorded).</summary>
    None,

    /// <summary>The caller hung up.</summary>
    CallerClosed,

    /// <summary>The host is shutting down.</summary>
    ServerShutdown,

    /// <summary>A caller frame was larger than the frame limit.</summary>
    FrameTooLarge,

    /// <summary>The caller sent more audio than real time allows.</summary>
    Flood,

    /// <summary>The caller stopped reading and the outbound buffer reached its limit.</summary>
    SlowConsumer,

    /// <summary>The host was at its concurrent-call limit.</summary>
    Busy,

    /// <summary>The model could not be reached (or did not answer within the connect timeout).</summary>
    ModelUnavailable,

    /// <summary>The model connection dropped during the call.</summary>
    ModelDisconnected,

    /// <summary>No API key is configured on the server.</summary>
    NotConfigured,

    /// <summary>The call reached the maximum call duration.</summary>
    CallTimeLimit,

    /// <summary>The caller sent nothing for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>An unexpected failure inside the relay.</summary>
    InternalError,

    /// <summary>The agent ended the call when its work was done (<see cref="CallContext.EndCall"/>), after its last response reached the caller.</summary>
    Completed,

    /// <summary>The host was draining for a restart (<see cref="Calls.VoiceAgentDrain"/>): the call was refused; the caller should call again.</summary>
    ServerDraining,
}
