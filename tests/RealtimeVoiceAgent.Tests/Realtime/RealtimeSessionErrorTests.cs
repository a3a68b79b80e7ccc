using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class RealtimeSessionErrorTests
{
    [Fact]
    public async Task ConnectAsync_ServerNeverAnswers_ThrowsConnectionExceptionNamingTheTimeout()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.StallHandshakes = true;
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint, ConnectTimeout = TimeSpan.FromMilliseconds(300) });

        // Act
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => client.ConnectAsync(timeout.Token));

        // Assert
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
        Assert.Null(error.HandshakeStatusCode);
    }

    [Fact]
    public async Task ConnectAsync_CallerCancels_ThrowsOperationCanceled()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.StallHandshakes = true;
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint });
        using var cancel = new CancellationTokenSource();
        Task<RealtimeSession> connect = client.ConnectAsync(cancel.Token);

        // Act: the handshake never completes, so the cancellation always lands while connecting
        await cancel.CancelAsync();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "API key")]
    [InlineData(HttpStatusCode.Forbidden, "API key")]
    [InlineData(HttpStatusCode.NotFound, "model or deployment")]
    public async Task ConnectAsync_HandshakeRejected_ThrowsWithStatusAndAdvice(HttpStatusCode status, string advice)
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        server.RejectHandshakesWith = status;
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint, ApiKey = "sk-wrong" });

        // Act
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => client.ConnectAsync(timeout.Token));

        // Assert
        Assert.Equal(status, error.HandshakeStatusCode);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsConnectionException()
    {
        // Arrange: a port that was just free
        using CancellationTokenSource timeout = TestTimeout.Create();
        Uri endpoint;
        await using (FakeRealtimeServer stopped = await FakeRealtimeServer.StartAsync(timeout.Token))
        {
            endpoint = stopped.Endpoint;
        }

        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = endpoint });

        // Act + Assert
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => client.ConnectAsync(timeout.Token));
        Assert.Contains("Could not open a WebSocket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_OpenAI_SendsBearerKeyModelAndNoBetaHeader()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint, ApiKey = "sk-test" });

        // Act
        await using RealtimeSession session = await client.ConnectAsync(timeout.Token);

        // Assert
        FakeRealtimeHandshake handshake = Assert.Single(server.Handshakes);
        Assert.Equal("Bearer sk-test", handshake.Headers["Authorization"]);
        Assert.False(handshake.Headers.ContainsKey("OpenAI-Beta"));
        Assert.False(handshake.Headers.ContainsKey("api-key"));
        Assert.Equal("/v1/realtime", handshake.Path);
        Assert.Equal("?model=gpt-realtime", handshake.Query);
    }

    [Fact]
    public async Task ConnectAsync_AzureOpenAI_SendsApiKeyHeaderToTheV1PathWithTheDeployment()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        var client = new RealtimeClient(new RealtimeClientOptions
        {
            Provider = RealtimeProvider.AzureOpenAI,
            Endpoint = new Uri($"http://127.0.0.1:{server.Endpoint.Port}"),
            Model = "my-deployment",
            ApiKey = "azure-key",
        });

        // Act
        await using RealtimeSession session = await client.ConnectAsync(timeout.Token);

        // Assert
        FakeRealtimeHandshake handshake = Assert.Single(server.Handshakes);
        Assert.Equal("azure-key", handshake.Headers["api-key"]);
        Assert.False(handshake.Headers.ContainsKey("Authorization"));
        Assert.False(handshake.Headers.ContainsKey("OpenAI-Beta"));
        Assert.Equal("/openai/v1/realtime", handshake.Path);
        Assert.Equal("?model=my-deployment", handshake.Query);
    }

    [Fact]
    public async Task ReceiveEventsAsync_ServerSendsError_YieldsErrorEventAndSessionStaysUsable()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();

        // Act: one error pushed by the server, one caused by an invalid client event
        await server.SendErrorAsync("server_error", "The server had an error.");
        RealtimeServerEventError pushed = await events.NextAsync<RealtimeServerEventError>();
        await session.ConfigureAsync(new RealtimeSessionConfiguration { OutputModalities = ["audio", "text"] }, timeout.Token);
        RealtimeServerEventError rejected = await events.NextAsync<RealtimeServerEventError>();
        await session.AddUserTextAsync("still here?", timeout.Token);
        RealtimeServerEventConversationItemAdded added = await events.NextAsync<RealtimeServerEventConversationItemAdded>();

        // Assert
        Assert.Equal("server_error", pushed.Error.Code);
        Assert.Equal("The server had an error.", pushed.Error.Message);
        Assert.Equal("invalid_value", rejected.Error.Code);
        Assert.Equal("session.output_modalities", rejected.Error.Param);
        Assert.Equal("still here?", Assert.Single(added.Item.Content).Text);
    }

    [Fact]
    public async Task ReceiveEventsAsync_SocketDropsMidSession_ThrowsConnectionExceptionAndLaterSendsFail()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();

        // Act
        server.DropConnection();
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => events.EndsAsync());

        // Assert
        Assert.Contains("dropped", error.Message, StringComparison.Ordinal);
        Assert.Null(error.CloseStatus);
        await Assert.ThrowsAsync<RealtimeConnectionException>(async () => await session.SendAudioAsync(TestAudio.Silence(20), timeout.Token));
        await Assert.ThrowsAsync<RealtimeConnectionException>(async () => await session.CreateResponseAsync(cancellationToken: timeout.Token));
        await session.DisposeAsync();
    }

    [Fact]
    public async Task ReceiveEventsAsync_ServerClosesWithGoingAway_ThrowsWithCloseStatusAndReason()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();

        // Act
        await server.SendErrorAsync("session_expired", "Your session hit the maximum duration of 60 minutes.");
        await server.CloseConnectionAsync(WebSocketCloseStatus.EndpointUnavailable, "session expired");
        RealtimeServerEventError expired = await events.NextAsync<RealtimeServerEventError>();
        RealtimeConnectionException error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => events.EndsAsync());

        // Assert
        Assert.Equal("session_expired", expired.Error.Code);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, error.CloseStatus);
        Assert.Contains("1001", error.Message, StringComparison.Ordinal);
        Assert.Contains("session expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveEventsAsync_ServerClosesNormally_CompletesWithoutError()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();

        // Act
        await server.CloseConnectionAsync(WebSocketCloseStatus.NormalClosure, "bye");

        // Assert
        Assert.True(await events.EndsAsync());
    }

    [Fact]
    public async Task DisposeAsync_WhileReceiving_EndsTheEnumerationAndIsIdempotent()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        var seen = new List<string>();
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task receiving = Task.Run(async () =>
        {
            await foreach (RealtimeServerEvent e in session.ReceiveEventsAsync(timeout.Token))
            {
                seen.Add(e.Type);
                created.TrySetResult();
            }
        });
        await created.Task.WaitAsync(timeout.Token);

        // Act: the receive loop is blocked in a read when the session is disposed
        ValueTask first = session.DisposeAsync();
        ValueTask second = session.DisposeAsync();
        await first;
        await second;
        await receiving.WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(["session.created"], seen);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await session.SendAudioAsync(TestAudio.Silence(20), timeout.Token));
    }

    [Fact]
    public async Task DisposeAsync_WithoutReceiver_SendsQueuedEventsThenCloses()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);

        // Act
        await session.AddUserTextAsync("last words", timeout.Token);
        await session.DisposeAsync();

        // Assert
        FakeClientEvent received = await server.WaitForClientEventAsync("conversation.item.create", cancellationToken: timeout.Token);
        Assert.Contains("last words", received.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveEventsAsync_SecondConcurrentConsumer_Throws()
    {
        // Arrange
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        await using var events = new EventReader(session, timeout.Token);
        await events.NextAsync<RealtimeServerEventSessionCreated>();

        // Act + Assert
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (RealtimeServerEvent unused in session.ReceiveEventsAsync(timeout.Token))
            {
            }
        });
    }

    [Fact]
    public async Task SendAudioAsync_FromSeveralThreads_EveryEventArrivesIntactAndInPerThreadOrder()
    {
        // Arrange
        const int Threads = 8;
        const int FramesPerThread = 40;
        using CancellationTokenSource timeout = TestTimeout.Create();
        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(timeout.Token);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync(timeout.Token);
        using var start = new Barrier(Threads);

        // Act: each frame is 20 ms of "silence" whose first bytes say which thread and sequence number sent it
        Task[] senders = Enumerable.Range(0, Threads).Select(thread => Task.Run(async () =>
        {
            start.SignalAndWait(timeout.Token);
            for (int sequence = 0; sequence < FramesPerThread; sequence++)
            {
                byte[] frame = new byte[960 + (thread * 3)];
                frame[0] = (byte)thread;
                frame[1] = (byte)sequence;
                await session.SendAudioAsync(frame, timeout.Token);
                if (sequence % 10 == 0)
                {
                    await session.AddUserTextAsync($"thread {thread} says {sequence}", timeout.Token);
                }
            }
        })).ToArray();
        await Task.WhenAll(senders);
        await server.WaitForClientEventAsync("input_audio_buffer.append", Threads * FramesPerThread, timeout.Token);
        await server.WaitForClientEventAsync("conversation.item.create", Threads * FramesPerThread / 10, timeout.Token);

        // Assert
        Assert.All(server.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
        var perThread = new Dictionary<int, List<int>>();
        foreach (FakeClientEvent append in server.ReceivedEvents.Where(e => e.Type == "input_audio_buffer.append"))
        {
            byte[] audio = Convert.FromBase64String(append.Parse().GetProperty("audio").GetString()!);
            int thread = audio[0];
            Assert.Equal(960 + (thread * 3), audio.Length);
            Assert.All(audio.Skip(2), b => Assert.Equal(0, b));
            perThread.TryAdd(thread, new List<int>());
            perThread[thread].Add(audio[1]);
        }

        Assert.Equal(Threads, perThread.Count);
        Assert.All(perThread.Values, sequence => Assert.Equal(Enumerable.Range(0, FramesPerThread), sequence));
    }
}
