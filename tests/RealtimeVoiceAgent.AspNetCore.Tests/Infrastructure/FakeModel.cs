using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;

/// <summary>The model protocols one integration suite runs against.</summary>
public enum ModelProtocol
{
    /// <summary>OpenAI Realtime GA, through <see cref="RealtimeClient"/> and <see cref="FakeRealtimeServer"/>.</summary>
    Realtime,

    /// <summary>GPT-Live, through <see cref="GptLiveClient"/> and <see cref="FakeLiveServer"/>.</summary>
    Live,
}

/// <summary>Either fake model behind one shape, so a test runs unchanged on both protocols; only the wire names differ.</summary>
internal sealed class FakeModel : IAsyncDisposable
{
    private FakeModel(ModelProtocol protocol, FakeRealtimeServer? realtime, FakeLiveServer? live)
    {
        Protocol = protocol;
        Realtime = realtime;
        Live = live;
    }

    public ModelProtocol Protocol { get; }

    public FakeRealtimeServer? Realtime { get; }

    public FakeLiveServer? Live { get; }

    public FakeRealtimeScript Script => Realtime?.Script ?? Live!.Script;

    public IReadOnlyList<FakeClientEvent> ReceivedEvents => Realtime?.ReceivedEvents ?? Live!.ReceivedEvents;

    /// <summary>The client event that configures the session.</summary>
    public string ConfigureEventType => Protocol == ModelProtocol.Live ? "session.start" : "session.update";

    /// <summary>The client event that carries a function output (or a message) back to the model.</summary>
    public string ItemEventType => Protocol == ModelProtocol.Live ? "response.item.create" : "conversation.item.create";

    public static async Task<FakeModel> StartAsync(ModelProtocol protocol) => protocol == ModelProtocol.Live
        ? new FakeModel(protocol, null, await FakeLiveServer.StartAsync())
        : new FakeModel(protocol, await FakeRealtimeServer.StartAsync(), null);

    public VoiceModelClient CreateClient() => Protocol == ModelProtocol.Live
        ? new GptLiveClient(new RealtimeClientOptions { Endpoint = Live!.Endpoint, ApiKey = "test-key", Provider = RealtimeProvider.OpenAILive })
        : new RealtimeClient(new RealtimeClientOptions { Endpoint = Realtime!.Endpoint, ApiKey = "test-key" });

    public Task<FakeClientEvent> WaitForClientEventAsync(string type, int occurrence = 1, CancellationToken cancellationToken = default) =>
        Realtime?.WaitForClientEventAsync(type, occurrence, cancellationToken) ?? Live!.WaitForClientEventAsync(type, occurrence, cancellationToken);

    public Task<FakeClientEvent> WaitForMatchingClientEventAsync(Func<FakeClientEvent, bool> match, int occurrence = 1, CancellationToken cancellationToken = default) =>
        Realtime?.WaitForMatchingClientEventAsync(match, occurrence, cancellationToken) ?? Live!.WaitForMatchingClientEventAsync(match, occurrence, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Realtime is not null)
        {
            await Realtime.DisposeAsync();
        }

        if (Live is not null)
        {
            await Live.DisposeAsync();
        }
    }
}
