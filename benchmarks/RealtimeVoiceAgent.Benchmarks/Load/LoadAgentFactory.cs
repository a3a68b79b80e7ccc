using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>The load run's agent: a short instruction, semantic VAD and no tools (the relay path is what is measured).</summary>
internal sealed class LoadAgentFactory : ICallAgentFactory, ICallAgent
{
    public LoadAgentFactory(RealtimeClient client) => Client = client;

    public RealtimeClient Client { get; }

    public RealtimeSessionConfiguration SessionConfiguration { get; } = new()
    {
        Instructions = "Load test.",
        TurnDetection = RealtimeTurnDetection.SemanticVad,
    };

    public RealtimeResponseOptions Greeting { get; } = new() { Instructions = "Greet the caller." };

    public ICallAgent CreateAgent(string callId) => this; // stateless, so one instance serves every call

    public ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CallToolOutcome("{\"ok\":true}", null, default));
}
