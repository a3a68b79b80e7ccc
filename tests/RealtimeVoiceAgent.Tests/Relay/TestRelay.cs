using System;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Testing;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>A <see cref="CallRelay"/> built the way an application builds it (AddRealtimeVoiceAgent + AddAgent), talking to a fake model.</summary>
internal sealed class TestRelay : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestRelay(ServiceProvider services)
    {
        _services = services;
        Relay = services.GetRequiredService<CallRelay>();
        Observer = services.GetRequiredService<CallObserver>();
    }

    public CallRelay Relay { get; }

    public CallObserver Observer { get; }

    public IServiceProvider Services => _services;

    /// <summary>The session of the last call that ended.</summary>
    public CallSession LastCall => Observer.EndedCalls.Last();

    public static TestRelay Create(FakeRealtimeServer model, Func<CallContext, VoiceAgent> agent, Action<IServiceCollection>? configureServices = null) =>
        Create(model.Endpoint, agent, configureServices);

    public static TestRelay Create(Uri modelEndpoint, Func<CallContext, VoiceAgent> agent, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton<CallObserver>();
        services.AddSingleton<IRelayObserver>(sp => sp.GetRequiredService<CallObserver>());
        services.AddRealtimeVoiceAgent(o => o.Endpoint = modelEndpoint).AddAgent((_, context) => agent(context));
        configureServices?.Invoke(services);
        return new TestRelay(services.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>The first call's session, once it has started (within 30 s).</summary>
    public async Task<CallSession> WaitForCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        CallSession? call;
        while (!Observer.StartedCalls.TryPeek(out call))
        {
            await Task.Delay(10, timeout.Token);
        }

        return call;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
