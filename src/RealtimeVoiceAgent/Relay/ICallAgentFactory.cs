namespace RealtimeVoiceAgent.Relay;

/// <summary>Creates what each call needs: the model client and a fresh per-call agent.</summary>
internal interface ICallAgentFactory
{
    /// <summary>The model client shared by all calls, or null when the model cannot be called (no API key): calls then end with <c>not_configured</c>.</summary>
    RealtimeClient? Client { get; }

    /// <summary>Creates the agent of one call.</summary>
    ICallAgent CreateAgent(string callId);
}
