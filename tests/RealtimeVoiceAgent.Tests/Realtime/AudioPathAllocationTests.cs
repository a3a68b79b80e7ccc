using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;
using Xunit;
using Xunit.Abstractions;

namespace RealtimeVoiceAgent.Tests.Realtime;

// The audio path must not allocate per frame. The synchronous framing/parsing calls are measured exactly with the
// thread-local counter; the socket path is measured process-wide (see the comment in the last test).
[Collection(nameof(AllocationMeasurementCollection))]
public class AudioPathAllocationTests(ITestOutputHelper output)
{
    private const int Frames = 1000;

    [Fact]
    public void WriteAppendEvent_AfterWarmUp_AllocatesNothingPerFrame()
    {
        // Arrange
        byte[] frame = TestAudio.Tone(20);
        var buffer = new ArrayBufferWriter<byte>(AudioAppendFraming.GetEventLength(frame.Length));
        AudioAppendFraming.WriteAppendEvent(buffer, frame);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Frames; i++)
        {
            buffer.ResetWrittenCount();
            AudioAppendFraming.WriteAppendEvent(buffer, frame);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ParseAudioDelta_AfterWarmUp_AllocatesNothingPerDelta()
    {
        // Arrange: what the session does per received message
        byte[] message = AudioDeltaReaderTests.Delta(Convert.ToBase64String(TestAudio.Tone(100)));
        using var parser = new ServerEventParser();
        parser.Parse(message);
        int total = 0;

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Frames; i++)
        {
            var delta = (RealtimeServerEventResponseOutputAudioDelta)parser.Parse(message);
            total += delta.Audio.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(Frames * 100 * TestAudio.BytesPerMs, total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task SendAudioAsync_AfterWarmUp_AllocatesNothingOnTheCallingThread()
    {
        // Arrange: SendAudioAsync frames and writes to the idle socket synchronously (a loopback write rarely waits), so
        // the thread-local counter read right before and after the call covers its work. The sends run on one dedicated
        // thread: the socket rents its send buffer from ArrayPool, whose per-thread cache costs about 2 KB once on every
        // new thread (not per frame), which a loop hopping between thread-pool threads would keep hitting. Each frame
        // waits for the server's reply, pacing the sends like a microphone does.
        await using var server = await PingPongServer.StartAsync(AudioDeltaReaderTests.Delta("AAAA"));
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync();
        await using IAsyncEnumerator<RealtimeServerEvent> events = session.ReceiveEventsAsync().GetAsyncEnumerator();
        byte[] frame = TestAudio.Tone(20);
        List<long> SendPaced(int count)
        {
            var allocatingSends = new List<long>();
            for (int i = 0; i < count; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                ValueTask send = session.SendAudioAsync(frame);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated != 0)
                {
                    allocatingSends.Add(allocated);
                }

                send.AsTask().Wait(TimeSpan.FromSeconds(30));
                Task<bool> next = events.MoveNextAsync().AsTask();
                Assert.True(next.Wait(TimeSpan.FromSeconds(30)) && next.Result);
            }

            return allocatingSends;
        }

        // Act
        List<long> allocatingSends = await Task.Factory.StartNew(
            () =>
            {
                SendPaced(100);
                return SendPaced(Frames);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        // Assert: no send allocates, except that a gen2 GC caused by parallel tests may trim ArrayPool.Shared, and the socket's
        // next rent of its send buffer then allocates a new array once. A per-frame allocation would show in every send.
        Assert.True(allocatingSends.Count <= 2, $"{allocatingSends.Count} of {Frames} sends allocated: {string.Join(", ", allocatingSends.Take(10))} B");
    }

    [Fact]
    public async Task SessionAudioRoundTrip_OverARealSocket_AllocatesAlmostNothingPerFrame()
    {
        // Arrange: a minimal server answers every input_audio_buffer.append with one prebuilt audio delta, so each
        // iteration sends one frame and receives one delta through the real WebSocket, send loop and receive loop.
        byte[] delta = AudioDeltaReaderTests.Delta(Convert.ToBase64String(TestAudio.Tone(20)));
        await using var server = await PingPongServer.StartAsync(delta);
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync();
        await using IAsyncEnumerator<RealtimeServerEvent> events = session.ReceiveEventsAsync().GetAsyncEnumerator();
        byte[] frame = TestAudio.Tone(20);
        int received = 0;
        async Task RoundTripsAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                await session.SendAudioAsync(frame);
                Assert.True(await events.MoveNextAsync());
                received += ((RealtimeServerEventResponseOutputAudioDelta)events.Current).Audio.Length;
            }
        }

        await RoundTripsAsync(200);

        // Act: the work hops between threads (send loop, socket continuations, the server), so the thread-local
        // counter cannot see it; the process-wide precise counter can. It also counts the test server, Kestrel and
        // the runtime's own background work, so the bound below is loose: the point is "no per-frame buffers or
        // strings" (the OpenAI .NET SDK allocates about 7 KB per append and 14 KB per delta on this machine).
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await RoundTripsAsync(Frames);
        long perFrame = (GC.GetTotalAllocatedBytes(precise: true) - before) / Frames;
        output.WriteLine($"{perFrame} bytes allocated per frame round trip (client and server together)");

        // Assert
        Assert.Equal(1200 * 20 * TestAudio.BytesPerMs, received);
        Assert.True(perFrame < 1024, $"{perFrame} B per frame");
    }

    [Fact]
    public async Task SendAudioAsync_OverLoopback_AllocatesNothingPerFrameOnAnyThread()
    {
        // Arrange: a raw-socket sink that counts messages and allocates nothing per message, so the process-wide precise
        // counter (every thread: socket continuations, the send loop if it runs, the server) sees only the client's
        // garbage. (Kestrel's WebSocket allocates when its output flush waits, which would be charged to the client.)
        // Each frame waits until the server has it, pacing the sends like a microphone does: a burst that overruns the
        // socket's kernel buffer makes the runtime's WebSocket allocate a task per write that has to wait (below us).
        await using var server = await RawWebSocketServer.StartAsync(AudioDeltaReaderTests.Delta("AAAA"));
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.SinkEndpoint }).ConnectAsync();
        byte[] frame = TestAudio.Tone(50);
        async Task SendPacedAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                long target = server.ReceivedCount + 1;
                // ConfigureAwait(false): xunit's synchronization context would allocate a work item per resumed await.
                await session.SendAudioAsync(frame).ConfigureAwait(false);
                await server.WaitForReceivedAsync(target).ConfigureAwait(false);
            }
        }

        // Warm-up long enough for the runtime's one-off growth (the socket engine's event queue, pools on new threads).
        await SendPacedAsync(Frames * 10).WaitAsync(TimeSpan.FromSeconds(60));

        // Act
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await SendPacedAsync(Frames * 5).WaitAsync(TimeSpan.FromSeconds(30));
        double perFrame = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(Frames * 5);
        output.WriteLine($"{perFrame:0.###} bytes allocated per sent frame, all threads");

        // Assert: no per-frame buffer, string or task of ours. Measured between 1.6 and 160 B per frame depending on
        // timing: when a loopback write cannot complete synchronously, the runtime's WebSocket and HTTP connection
        // stream allocate a task per write (ManagedWebSocket.WaitForWriteTaskAsync), below the session. The bound is
        // far under one 3.2 KB event and the OpenAI SDK's ~7 KB per append; the goal of < 8 B is not reached yet.
        Assert.True(perFrame < 256, $"{perFrame:0.###} B per frame");
    }

    [Fact]
    public async Task ReceiveEventsAsync_OverLoopback_AllocatesNothingPerDeltaOnAnyThread()
    {
        // Arrange: a raw-socket source that streams one prebuilt 50 ms delta for ever (paced by TCP flow control),
        // allocating nothing per message.
        byte[] pcm = TestAudio.Tone(50);
        await using var server = await RawWebSocketServer.StartAsync(AudioDeltaReaderTests.Delta(Convert.ToBase64String(pcm)));
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.SourceEndpoint }).ConnectAsync();
        await using IAsyncEnumerator<RealtimeServerEvent> events = session.ReceiveEventsAsync().GetAsyncEnumerator();
        long received = 0;
        async Task ReceiveAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                // ConfigureAwait(false): xunit's synchronization context would allocate a work item per resumed await.
                Assert.True(await events.MoveNextAsync().ConfigureAwait(false));
                received += ((RealtimeServerEventResponseOutputAudioDelta)events.Current).Audio.Length;
            }
        }

        await ReceiveAsync(Frames * 10);

        // Act: three windows, the smallest counts. The counter covers every thread, so garbage from outside the session
        // (an earlier test's server still shutting down) can land in one window; an allocation per delta shows in all.
        var windows = new List<double>();
        for (int window = 0; window < 3; window++)
        {
            received = 0;
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await ReceiveAsync(Frames * 5);
            windows.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(Frames * 5));
            Assert.Equal((long)Frames * 5 * pcm.Length, received);
        }

        double perFrame = windows.Min();
        output.WriteLine($"bytes allocated per received delta, all threads, per window: {string.Join(", ", windows.Select(w => w.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}");

        // Assert: well under a byte per delta on average (one-off runtime growth only).
        Assert.True(perFrame < 8, $"{perFrame:0.###} B per delta");
    }

    // Answers each received message with a fixed payload; reads into one reused buffer so it adds little garbage.
    private sealed class PingPongServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PingPongServer(WebApplication app, Uri endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public static async Task<PingPongServer> StartAsync(byte[] reply)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            WebApplication app = builder.Build();
            app.UseWebSockets();
            app.Run(async context =>
            {
                using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
                byte[] buffer = new byte[64 * 1024];
                try
                {
                    while (true)
                    {
                        ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                            return;
                        }

                        if (result.EndOfMessage)
                        {
                            await socket.SendAsync(reply.AsMemory(), WebSocketMessageType.Text, true, context.RequestAborted);
                        }
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    // Client gone.
                }
            });
            await app.StartAsync();
            string address = app.Urls.First();
            return new PingPongServer(app, new Uri($"ws://127.0.0.1:{new Uri(address).Port}/v1/realtime"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
