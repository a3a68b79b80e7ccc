namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Watches calls from outside the product path: integration tests (how calls ended) and the load driver (relay-internal
/// latency). Registered in DI only by them; <see cref="Calls.CallRelay"/> passes it to each call. Production hosts have none.
/// </summary>
internal interface IRelayObserver
{
    /// <summary>Caller -> model latency inside the relay; null: not measured (no timestamp is taken).</summary>
    RelayLatencyHistogram? InboundLatency { get; }

    /// <summary>Model -> caller latency inside the relay; null: not measured.</summary>
    RelayLatencyHistogram? OutboundLatency { get; }

    /// <summary>Time inside <see cref="VoiceModelSession.SendAudioAsync"/> per caller frame (framing and socket write); null: not measured.</summary>
    RelayLatencyHistogram? ModelSendDuration { get; }

    void OnCallStarted(CallSession call);

    void OnCallEnded(CallSession call);
}
