using System;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;

/// <summary>A fake model, a relay host pointed at it, and an in-memory contact store, for one test.</summary>
internal sealed class CallTestContext : IAsyncDisposable
{
    private CallTestContext(FakeModel fake, RelayTestHost host)
    {
        Fake = fake;
        Host = host;
    }

    /// <summary>The Realtime fake (tests that run on the Realtime protocol only).</summary>
    public FakeRealtimeServer Model => Fake.Realtime ?? throw new InvalidOperationException("This context runs the GPT-Live fake: use Fake.");

    /// <summary>The fake model, on either protocol.</summary>
    public FakeModel Fake { get; }

    public RelayTestHost Host { get; }

    public static Task<CallTestContext> StartAsync(Action<VoiceAgentEndpointOptions>? configure = null, IContactRepository? contacts = null, TimeProvider? timeProvider = null) =>
        StartAsync(ModelProtocol.Realtime, configure, contacts, timeProvider);

    public static async Task<CallTestContext> StartAsync(ModelProtocol protocol, Action<VoiceAgentEndpointOptions>? configure = null, IContactRepository? contacts = null, TimeProvider? timeProvider = null)
    {
        var fake = await FakeModel.StartAsync(protocol);
        var host = await RelayTestHost.StartAsync(fake.CreateClient(), contacts ?? new InMemoryContactRepository(), configure, timeProvider);
        return new CallTestContext(fake, host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
