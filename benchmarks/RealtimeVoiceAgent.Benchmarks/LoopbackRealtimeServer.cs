using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// A minimal Realtime endpoint on 127.0.0.1 for the session benchmarks, shared by our client and the OpenAI SDK.
/// </summary>
/// <remarks>
/// BenchmarkDotNet counts allocations of the whole process, so this server allocates nothing per message: it
/// receives into one buffer and sends one prebuilt message. (The FakeRealtimeServer validates and records every
/// event, which is right for tests and would be charged to the client here.) Every connection first gets
/// <c>session.created</c>. A path containing <c>/source</c> then streams the same <c>response.output_audio.delta</c>
/// for ever, paced by TCP flow control; any other path is a sink that counts the messages it receives.
/// </remarks>
internal sealed class LoopbackRealtimeServer : IAsyncDisposable
{
    private const string SessionCreated =
        """
        {"type":"session.created","event_id":"event_0001","session":{"type":"realtime","object":"realtime.session","id":"sess_bench","model":"gpt-realtime","output_modalities":["audio"],"instructions":"","tools":[],"tool_choice":"auto","max_output_tokens":"inf","tracing":null,"truncation":"auto","prompt":null,"expires_at":0,"audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":null,"noise_reduction":null,"turn_detection":null},"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"alloy","speed":1.0}},"include":null}}
        """;

    private readonly WebApplication _app;
    private readonly byte[] _delta;
    private readonly CountSignal _received = new();

    private LoopbackRealtimeServer(WebApplication app, byte[] delta)
    {
        _app = app;
        _delta = delta;
    }

    /// <summary>Base address of the sink (counts received messages); append <c>/realtime</c> or let the client do it.</summary>
    public Uri SinkEndpoint { get; private set; } = null!;

    /// <summary>Base address of the source (streams audio deltas).</summary>
    public Uri SourceEndpoint { get; private set; } = null!;

    /// <summary>Messages received by the sink so far, on all connections.</summary>
    public long ReceivedCount => _received.Count;

    /// <summary>One <c>response.output_audio.delta</c> carrying <paramref name="pcm"/> as base64, as the service sends it.</summary>
    public static byte[] BuildDelta(ReadOnlySpan<byte> pcm) => Encoding.UTF8.GetBytes(
        "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_4711\",\"response_id\":\"resp_CF8ndWcOqpUAcKpPTwNUO\",\"item_id\":\"item_CF8ndLYKAbHEoaxsR24pY\",\"output_index\":0,\"content_index\":0,\"delta\":\""
        + Convert.ToBase64String(pcm) + "\"}");

    public static async Task<LoopbackRealtimeServer> StartAsync(byte[] deltaMessage)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new LoopbackRealtimeServer(app, deltaMessage);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server.SinkEndpoint = new Uri($"ws://127.0.0.1:{port}/sink/v1");
        server.SourceEndpoint = new Uri($"ws://127.0.0.1:{port}/source/v1");
        return server;
    }

    /// <summary>Completes once the sink has received <paramref name="target"/> messages in total. One waiter at a time.</summary>
    public ValueTask WaitForReceivedAsync(long target) => _received.WaitAsync(target);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        await socket.SendAsync(Encoding.UTF8.GetBytes(SessionCreated), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        try
        {
            if (context.Request.Path.Value!.Contains("/source", StringComparison.Ordinal))
            {
                await StreamDeltasAsync(socket, context.RequestAborted);
            }
            else
            {
                await CountMessagesAsync(socket);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or System.IO.IOException)
        {
            // The benchmark process is tearing the connection down.
        }
    }

    private async Task StreamDeltasAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        // Drain whatever the client sends (session.update and the like) so its sends never block.
        _ = CountMessagesAsync(socket, count: false);
        ReadOnlyMemory<byte> delta = _delta;
        while (!cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            await socket.SendAsync(delta, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private async Task CountMessagesAsync(WebSocket socket, bool count = true)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            if (result.EndOfMessage && count)
            {
                _received.Increment();
            }
        }
    }

    // A reusable awaitable counter: no allocation per wait, so the benchmarks measure the clients.
    private sealed class CountSignal : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private long _count;
        private long _target = long.MaxValue;

        public long Count => Volatile.Read(ref _count);

        public ValueTask WaitAsync(long target)
        {
            _core.Reset();
            Volatile.Write(ref _target, target);
            if (Volatile.Read(ref _count) >= target)
            {
                Signal();
            }

            return new ValueTask(this, _core.Version);
        }

        public void Increment()
        {
            if (Interlocked.Increment(ref _count) >= Volatile.Read(ref _target))
            {
                Signal();
            }
        }

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void Signal()
        {
            // Exactly one of the racing callers completes the wait.
            if (Interlocked.Exchange(ref _target, long.MaxValue) != long.MaxValue)
            {
                _core.SetResult(true);
            }
        }
    }
}
