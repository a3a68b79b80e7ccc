using System;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;

/// <summary>A fake model, a relay host pointed at it, and an in-memory contact store, for one test.</summary>
internal sealed class CallTestContext : IAsyncDisposable
{
    private CallTestContext(FakeRealtimeServer model, RelayTestHost host)
    {
        Model = model;
        Host = host;
    }

    public FakeRealtimeServer Model { get; }

    public RelayTestHost Host { get; }

    public static async Task<CallTestContext> StartAsync(Action<VoiceAgentEndpointOptions>? configure = null, IContactRepository? contacts = null, TimeProvider? timeProvider = null)
    {
        var model = await FakeRealtimeServer.StartAsync();
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = model.Endpoint, ApiKey = "test-key" });
        var host = await RelayTestHost.StartAsync(client, contacts ?? new InMemoryContactRepository(), configure, timeProvider);
        return new CallTestContext(model, host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
    }
}
