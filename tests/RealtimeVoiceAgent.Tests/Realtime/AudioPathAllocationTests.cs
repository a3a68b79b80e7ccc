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
        // Arrange: SendAudioAsync frames into the outbound pipe synchronously, so the thread-local counter read right
        // before and after the call covers all of its work. Each frame waits for the server's reply, pacing the sends
        // like a microphone does (a burst of 1000 frames would grow the pipe and rent new pooled buffers instead).
        await using var server = await PingPongServer.StartAsync(AudioDeltaReaderTests.Delta("AAAA"));
        await using RealtimeSession session = await new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }).ConnectAsync();
        await using IAsyncEnumerator<RealtimeServerEvent> events = session.ReceiveEventsAsync().GetAsyncEnumerator();
        byte[] frame = TestAudio.Tone(20);
        long allocated = 0;
        async Task SendPacedAsync(int count)
        {
            allocated = 0;
            for (int i = 0; i < count; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                ValueTask send = session.SendAudioAsync(frame);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(send.IsCompletedSuccessfully);
                Assert.True(await events.MoveNextAsync());
            }
        }

        await SendPacedAsync(100);

        // Act
        await SendPacedAsync(Frames);

        // Assert
        Assert.Equal(0, allocated);
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
