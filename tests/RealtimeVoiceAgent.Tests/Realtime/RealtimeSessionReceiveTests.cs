using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeSessionReceiveTests
{
    [Fact]
    public async Task ReceiveEventsAsync_UnknownEventType_YieldsUnknownWithRawJsonAndContinues()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();
        const string Future = """{"type":"response.hologram.delta","event_id":"event_h1","frame":{"x":1}}""";

        // Act
        await server.SendEventAsync(Future);
        await server.SendEventAsync("""{"type":"input_audio_buffer.cleared","event_id":"event_h2"}""");
        RealtimeServerEvent unknown = await events.NextAnyAsync();
        RealtimeServerEvent next = await events.NextAnyAsync();

        // Assert
        var typed = Assert.IsType<RealtimeServerEventUnknown>(unknown);
        Assert.Equal(("response.hologram.delta", Future), (typed.Type, typed.RawJson));
        Assert.Equal("event_h2", Assert.IsType<RealtimeServerEventInputAudioBufferCleared>(next).EventId);
    }

    [Fact]
    public async Task ReceiveEventsAsync_MessagesLargerThanOneMebibyte_AreReassembledWithoutACap()
    {
        // Arrange: 1.5 MB of audio in one delta (2 MB of base64), then a large unknown event
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();
        byte[] audio = Enumerable.Range(0, 1_500_000).Select(i => (byte)(i % 251)).ToArray();
        string base64 = Convert.ToBase64String(audio);

        // Act: the sends complete only as the client reads (socket buffers are smaller than the messages)
        Task sends = Task.Run(
            async () =>
            {
                await server.SendEventAsync($$"""{"type":"response.output_audio.delta","event_id":"e1","response_id":"resp_1","item_id":"item_1","output_index":0,"content_index":0,"delta":"{{base64}}"}""", timeout.Token);
                await server.SendEventAsync("{\"type\":\"conversation.item.retrieved\",\"event_id\":\"e2\",\"item\":{\"id\":\"item_1\",\"content\":[{\"type\":\"audio\",\"audio\":\"" + base64 + "\"}]}}", timeout.Token);
            },
            timeout.Token);
        var delta = Assert.IsType<RealtimeServerEventResponseOutputAudioDelta>(await events.NextAnyAsync());
        bool sameAudio = delta.Audio.Span.SequenceEqual(audio);
        var retrieved = Assert.IsType<RealtimeServerEventUnknown>(await events.NextAnyAsync());
        await sends;

        // Assert
        Assert.True(sameAudio);
        Assert.True(retrieved.RawJson.Length > 2_000_000);
        Assert.EndsWith("\"}]}}", retrieved.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_CallerInterruptsTheGreeting_TruncatesWhatWasHeard()
    {
        // Arrange: a 600 ms greeting the fake keeps active; the caller speaks over it
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.Script.OnResponseCreate(r => r.Say("Welcome to Contoso, how can I help?", TimeSpan.FromMilliseconds(600)).HoldUntil(new TaskCompletionSource().Task));
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();
        await session.CreateResponseAsync(cancellationToken: timeout.Token);
        var firstDelta = await events.NextAsync<RealtimeServerEventResponseOutputAudioDelta>();
        string playingItem = firstDelta.ItemId!;
        await events.NextAsync<RealtimeServerEventResponseOutputAudioDone>();

        // Act: speech arrives; the app stops playback after 250 ms heard and tells the service
        await session.SendAudioAsync(TestAudio.Tone(100), timeout.Token);
        await events.NextAsync<RealtimeServerEventInputAudioBufferSpeechStarted>();
        RealtimeServerEventResponseDone cancelled = await events.NextAsync<RealtimeServerEventResponseDone>();
        await session.TruncateItemAsync(playingItem, 0, 250, timeout.Token);
        RealtimeServerEventConversationItemTruncated truncated = await events.NextAsync<RealtimeServerEventConversationItemTruncated>();

        // Assert
        Assert.Equal((RealtimeResponseStatus.Cancelled, "turn_detected"), (cancelled.Response.Status, cancelled.Response.StatusDetails?.Reason));
        Assert.Equal((playingItem, 0, 250), (truncated.ItemId, truncated.ContentIndex, truncated.AudioEndMs));
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }
}
