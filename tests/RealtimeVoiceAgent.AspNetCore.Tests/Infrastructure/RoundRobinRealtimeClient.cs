using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;

/// <summary>Hands each new model session to the next of several clients (one fake model per call, each with its own script).</summary>
internal sealed class RoundRobinRealtimeClient : VoiceModelClient
{
    private readonly IReadOnlyList<RealtimeClient> _clients;
    private int _next = -1;

    public RoundRobinRealtimeClient(IReadOnlyList<RealtimeClient> clients) => _clients = clients;

    public override Task<VoiceModelSession> StartSessionAsync(CancellationToken cancellationToken = default) =>
        _clients[Interlocked.Increment(ref _next) % _clients.Count].StartSessionAsync(cancellationToken);
}
