using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Tests.Realtime;
using OpenAIRealtime = OpenAI.Realtime;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// Our session against the OpenAI 2.15.0 SDK's <c>RealtimeSessionClient</c>, both connected to the same
/// <see cref="RawWebSocketServer"/> (the test suite's raw-socket loopback server, linked into this project): sending one
/// 50 ms frame (2400 bytes of 24 kHz PCM16) and receiving one <c>response.output_audio.delta</c> of the same size.
/// </summary>
/// <remarks>
/// <para>
/// BenchmarkDotNet counts the allocations of the whole process, so the server allocates nothing per message (a Kestrel
/// server allocates in its output flush whenever the client's socket is full, and that was charged to both clients).
/// Each connection first gets <c>session.created</c>, as from the service.
/// </para>
/// <para>
/// Each invocation moves <see cref="Frames"/> frames and BenchmarkDotNet divides by that count. A send counts only
/// once the server has received it: our <c>SendAudioAsync</c> may return once the event is queued while the SDK awaits
/// the socket write; waiting for the server makes both end to end. The benchmark methods return pooled
/// <see cref="ValueTask"/>s and the server's wait is a reused value-task source, so the harness itself allocates
/// nothing per invocation and the Allocated column is the clients' own (an <c>async Task</c> method allocates its
/// state machine box whenever it awaits something incomplete, about 2 B per frame over 100 frames).
/// </para>
/// </remarks>
[Config(typeof(BenchmarkConfig))]
public class SessionBenchmarks
{
    private const int Frames = 100;

    private readonly byte[] _frame = new byte[2400];
    private RawWebSocketServer _server = null!;
    private RealtimeSession _sendSession = null!;
    private RealtimeSession _receiveSession = null!;
    private IAsyncEnumerator<RealtimeServerEvent> _receiveEvents = null!;
    private OpenAIRealtime.RealtimeSessionClient _openAISendSession = null!;
    private OpenAIRealtime.RealtimeSessionClient _openAIReceiveSession = null!;
    private IAsyncEnumerator<OpenAIRealtime.RealtimeServerUpdate> _openAIUpdates = null!;
    private BinaryData _frameData = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        new Random(42).NextBytes(_frame);
        _frameData = BinaryData.FromBytes(_frame);
        _server = await RawWebSocketServer.StartAsync(BenchmarkMessages.AudioDelta(_frame), greeting: BenchmarkMessages.SessionCreated);

        _sendSession = await new RealtimeClient(new RealtimeClientOptions { Endpoint = _server.SinkEndpoint, ApiKey = "sk-bench" }).ConnectAsync();
        _receiveSession = await new RealtimeClient(new RealtimeClientOptions { Endpoint = _server.SourceEndpoint, ApiKey = "sk-bench" }).ConnectAsync();
        _receiveEvents = _receiveSession.ReceiveEventsAsync().GetAsyncEnumerator();

        _openAISendSession = await new OpenAIRealtime.RealtimeClient(new ApiKeyCredential("sk-bench"), new OpenAIRealtime.RealtimeClientOptions { Endpoint = _server.SinkEndpoint })
            .StartConversationSessionAsync("gpt-realtime");
        _openAIReceiveSession = await new OpenAIRealtime.RealtimeClient(new ApiKeyCredential("sk-bench"), new OpenAIRealtime.RealtimeClientOptions { Endpoint = _server.SourceEndpoint })
            .StartConversationSessionAsync("gpt-realtime");
        _openAIUpdates = _openAIReceiveSession.ReceiveUpdatesAsync().GetAsyncEnumerator();

        // Both receivers skip session.created and must then see audio deltas, or the benchmark measures nothing.
        await SkipToAudioAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _receiveEvents.DisposeAsync();
        await _sendSession.DisposeAsync();
        await _receiveSession.DisposeAsync();
        _openAISendSession.Dispose();
        _openAIReceiveSession.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Send 50 ms: RealtimeVoiceAgent")]
    [BenchmarkCategory("Send")]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAudio()
    {
        long target = _server.ReceivedCount + Frames;
        for (int i = 0; i < Frames; i++)
        {
            await _sendSession.SendAudioAsync(_frame);
        }

        await _server.WaitForReceivedAsync(target);
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Send 50 ms: OpenAI 2.15.0")]
    [BenchmarkCategory("Send")]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask OpenAISendInputAudio()
    {
        long target = _server.ReceivedCount + Frames;
        for (int i = 0; i < Frames; i++)
        {
            await _openAISendSession.SendInputAudioAsync(_frameData);
        }

        await _server.WaitForReceivedAsync(target);
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Receive 50 ms delta: RealtimeVoiceAgent")]
    [BenchmarkCategory("Receive")]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAudio()
    {
        int bytes = 0;
        for (int i = 0; i < Frames; i++)
        {
            await _receiveEvents.MoveNextAsync();
            bytes += ((RealtimeServerEventResponseOutputAudioDelta)_receiveEvents.Current).Audio.Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Receive 50 ms delta: OpenAI 2.15.0")]
    [BenchmarkCategory("Receive")]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> OpenAIReceiveUpdates()
    {
        int bytes = 0;
        for (int i = 0; i < Frames; i++)
        {
            await _openAIUpdates.MoveNextAsync();
            bytes += ((OpenAIRealtime.RealtimeServerUpdateResponseOutputAudioDelta)_openAIUpdates.Current).Delta.ToMemory().Length;
        }

        return bytes;
    }

    private async Task SkipToAudioAsync()
    {
        for (int i = 0; i < 2; i++)
        {
            await _receiveEvents.MoveNextAsync();
            await _openAIUpdates.MoveNextAsync();
        }

        if (_receiveEvents.Current is not RealtimeServerEventResponseOutputAudioDelta delta || delta.Audio.Length != _frame.Length)
        {
            throw new InvalidOperationException($"Expected a {_frame.Length}-byte audio delta from our session, got {_receiveEvents.Current.GetType().Name}.");
        }

        if (_openAIUpdates.Current is not OpenAIRealtime.RealtimeServerUpdateResponseOutputAudioDelta openAIDelta || openAIDelta.Delta.ToMemory().Length != _frame.Length)
        {
            throw new InvalidOperationException($"Expected a {_frame.Length}-byte audio delta from the OpenAI SDK, got {_openAIUpdates.Current.GetType().Name}.");
        }
    }
}
