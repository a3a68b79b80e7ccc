namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>The load run's agent: a short instruction, semantic VAD, a greeting and no tools (the relay path is what is measured).</summary>
internal sealed class LoadAgent : VoiceAgent
{
    public override string Instructions => "Load test.";

    public override string? Greeting => "Greet the caller.";
}
