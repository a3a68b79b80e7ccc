using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// A minimal Realtime model for the load run: answers session.update, and after the greeting's response.create
/// streams one 50 ms audio delta (24 kHz) every 50 ms for the rest of the call, calls spread over the period by
/// <see cref="FramePacer"/>. Frames are pre-serialised so the
/// fake costs little next to the relay; it runs in the driver process, not the relay's.
/// </summary>
internal sealed class LoadFakeModel : IAsyncDisposable
{
    private static readonly byte[] s_sessionCreated = Encoding.UTF8.GetBytes("{\"type\":\"session.created\",\"event_id\":\"e0\",\"session\":{\"id\":\"sess_load\",\"type\":\"realtime\"}}");
    private static readonly byte[] s_sessionUpdated = Encoding.UTF8.GetBytes("{\"type\":\"session.updated\",\"event_id\":\"e1\",\"session\":{\"id\":\"sess_load\",\"type\":\"realtime\"}}");
    private static readonly byte[] s_responseCreated = Encoding.UTF8.GetBytes("{\"type\":\"response.created\",\"event_id\":\"e2\",\"response\":{\"id\":\"resp_load\",\"object\":\"realtime.response\",\"status\":\"in_progress\",\"output\":[]}}");
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, WebSocket> _streaming = new();
    private readonly byte[] _audioDelta;
    private readonly CancellationTokenSource _stop = new();
    private Task? _ticker;
    private int _nextId;
    private long _appendsReceived;

    public LoadFakeModel()
    {
        // 50 ms of a 440 Hz tone at 24 kHz: 1200 samples.
        var pcm = new byte[2400];
        for (var i = 0; i < 1200; i++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * 440 * i / 24000.0) * 8000);
            pcm[2 * i] = (byte)sample;
            pcm[(2 * i) + 1] = (byte)(sample >> 8);
        }

        _audioDelta = Encoding.UTF8.GetBytes(
            "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e3\",\"response_id\":\"resp_load\",\"item_id\":\"item_load\",\"output_index\":0,\"content_index\":0,\"delta\":\"" +
            Convert.ToBase64String(pcm) + "\"}");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/v1/realtime", HandleAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    public long AppendsReceived => Interlocked.Read(ref _appendsReceived);

    public async Task StartAsync()
    {
        await _app.StartAsync();
        Endpoint = new Uri(_app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/realtime");
        _ticker = TickAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var id = Interlocked.Increment(ref _nextId);
        var buffer = new byte[64 * 1024];
        try
        {
            await SendAsync(socket, s_sessionCreated);
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                    count += result.Count;
                }
                while (!result.EndOfMessage && count < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var text = buffer.AsSpan(0, Math.Min(count, 64));
                if (text.IndexOf("input_audio_buffer.append"u8) >= 0)
                {
                    Interlocked.Increment(ref _appendsReceived);
                }
                else if (text.IndexOf("session.update"u8) >= 0)
                {
                    await SendAsync(socket, s_sessionUpdated);
                }
                else if (text.IndexOf("response.create"u8) >= 0)
                {
                    await SendAsync(socket, s_responseCreated);
                    _streaming[id] = socket;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _streaming.TryRemove(id, out _);
        }
    }

    private Task TickAsync() => FramePacer.RunAsync(slot =>
    {
        foreach (var pair in _streaming)
        {
            if (pair.Key % FramePacer.Slots == slot)
            {
                _ = SendQuietlyAsync(pair.Value);
            }
        }
    }, _stop.Token);

    private async Task SendQuietlyAsync(WebSocket socket)
    {
        try
        {
            await SendAsync(socket, _audioDelta);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    private static Task SendAsync(WebSocket socket, byte[] message)
    {
        // One send at a time per socket: the ticker and the handler can both send, so serialise per socket.
        var gate = s_gates.GetValue(socket, _ => new SemaphoreSlim(1));
        return SendGatedAsync(socket, gate, message);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebSocket, SemaphoreSlim> s_gates = new();

    private static async Task SendGatedAsync(WebSocket socket, SemaphoreSlim gate, byte[] message)
    {
        await gate.WaitAsync();
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_ticker is not null)
        {
            await _ticker;
        }

        await _app.DisposeAsync();
        _stop.Dispose();
    }
}
