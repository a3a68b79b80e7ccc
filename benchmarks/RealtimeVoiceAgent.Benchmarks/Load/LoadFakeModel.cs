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
using RealtimeVoiceAgent.Benchmarks.WholeProcess;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// A minimal Realtime model for the load run: answers session.update, and after the greeting's response.create
/// streams one 50 ms audio delta (24 kHz) every 50 ms for the rest of the call, calls spread over the period by
/// <see cref="FramePacer"/>. Frames are pre-serialised so the
/// fake costs little next to the relay; it runs in the driver process, not the relay's.
/// </summary>
/// <remarks>A session whose session.update asks for <c>audio/pcmu</c> (a phone call with G.711 passthrough) gets 50 ms
/// of 8 kHz μ-law per delta instead (400 bytes).
/// With latency recorders (the whole-process run), every delta it sends carries an <see cref="AudioMark"/> of
/// its send time, and every append it receives is timed from the caller's mark into the "up" recorder.</remarks>
internal sealed class LoadFakeModel : IAsyncDisposable
{
    private static readonly byte[] s_sessionCreated = Encoding.UTF8.GetBytes("{\"type\":\"session.created\",\"event_id\":\"e0\",\"session\":{\"id\":\"sess_load\",\"type\":\"realtime\"}}");
    private static readonly byte[] s_sessionUpdated = Encoding.UTF8.GetBytes("{\"type\":\"session.updated\",\"event_id\":\"e1\",\"session\":{\"id\":\"sess_load\",\"type\":\"realtime\"}}");
    private static readonly byte[] s_responseCreated = Encoding.UTF8.GetBytes("{\"type\":\"response.created\",\"event_id\":\"e2\",\"response\":{\"id\":\"resp_load\",\"object\":\"realtime.response\",\"status\":\"in_progress\",\"output\":[]}}");
    private readonly WebApplication _app;
    private static readonly byte[] s_deltaPrefix = Encoding.UTF8.GetBytes(
        "{\"type\":\"response.output_audio.delta\",\"event_id\":\"e3\",\"response_id\":\"resp_load\",\"item_id\":\"item_load\",\"output_index\":0,\"content_index\":0,\"delta\":\"");
    // GPT-Live (live-protocol.md): session.start is answered with session.started, and the model speaks when it decides,
    // so a Live connection streams from then on; its deltas carry no response or item.
    private static readonly byte[] s_liveStarted = Encoding.UTF8.GetBytes("{\"type\":\"session.started\",\"session\":{\"id\":\"sess_load\",\"model\":\"gpt-live-1\"}}");
    private static readonly byte[] s_liveDeltaPrefix = Encoding.UTF8.GetBytes("{\"type\":\"session.output_audio.delta\",\"delta\":\"");
    private readonly ConcurrentDictionary<int, Connection> _streaming = new();
    private readonly byte[] _audioDelta;
    private readonly byte[] _muLawDelta;
    private readonly byte[] _liveDelta;
    private readonly LatencyRecorder? _upLatency;
    private readonly CancellationTokenSource _stop = new();
    private Task? _ticker;
    private int _nextId;
    private long _appendsReceived;

    /// <summary>A fake model; with <paramref name="upLatency"/>, it marks the audio it sends and times the marked audio it receives.</summary>
    public LoadFakeModel(LatencyRecorder? upLatency = null)
    {
        _upLatency = upLatency;
        // 50 ms of a 440 Hz tone at 24 kHz: 1200 samples.
        var pcm = new byte[2400];
        for (var i = 0; i < 1200; i++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * 440 * i / 24000.0) * 8000);
            pcm[2 * i] = (byte)sample;
            pcm[(2 * i) + 1] = (byte)(sample >> 8);
        }

        _audioDelta = [.. s_deltaPrefix, .. Encoding.UTF8.GetBytes(Convert.ToBase64String(pcm) + "\"}")];
        _liveDelta = [.. s_liveDeltaPrefix, .. Encoding.UTF8.GetBytes(Convert.ToBase64String(pcm) + "\"}")];
        // The μ-law content does not matter to a passthrough relay; what matters is its size and that the mark survives.
        var muLaw = new byte[400];
        muLaw.AsSpan().Fill(0xFF); // μ-law silence
        _muLawDelta = [.. s_deltaPrefix, .. Encoding.UTF8.GetBytes(Convert.ToBase64String(muLaw) + "\"}")];

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/v1/realtime", HandleAsync);
        _app.Map("/v1/live/sessions", HandleAsync);
    }

    /// <summary>The Realtime endpoint.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The GPT-Live endpoint (<c>…/v1/live/sessions</c>) of the same fake.</summary>
    public Uri LiveEndpoint => new(Endpoint, "/v1/live/sessions");

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
        var live = context.Request.Path.StartsWithSegments("/v1/live", StringComparison.Ordinal);
        var connection = live
            ? new Connection(socket, _upLatency is null ? _liveDelta : (byte[])_liveDelta.Clone(), s_liveDeltaPrefix.Length)
            : new Connection(socket, _upLatency is null ? _audioDelta : (byte[])_audioDelta.Clone(), s_deltaPrefix.Length);
        var buffer = new byte[64 * 1024];
        try
        {
            if (!live)
            {
                await connection.SendAsync(s_sessionCreated);
            }

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
                if (text.IndexOf("input_audio_buffer.append"u8) >= 0 || text.IndexOf("session.input_audio.append"u8) >= 0)
                {
                    Interlocked.Increment(ref _appendsReceived);
                    if (_upLatency is not null)
                    {
                        if (AudioMark.TryReadJson(buffer.AsSpan(0, count), "\"audio\":\""u8, out var sent))
                        {
                            _upLatency.RecordSince(sent);
                        }
                        else
                        {
                            _upLatency.RecordUnmarked();
                        }
                    }
                }
                else if (text.IndexOf("session.update"u8) >= 0)
                {
                    if (buffer.AsSpan(0, count).IndexOf("\"audio/pcmu\""u8) >= 0)
                    {
                        connection.Delta = (byte[])_muLawDelta.Clone();
                    }

                    await connection.SendAsync(s_sessionUpdated);
                }
                else if (live && text.IndexOf("session.start\""u8) >= 0)
                {
                    await connection.SendAsync(s_liveStarted);
                    _streaming[id] = connection;
                }
                else if (!live && text.IndexOf("response.create"u8) >= 0)
                {
                    await connection.SendAsync(s_responseCreated);
                    _streaming[id] = connection;
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
                _ = pair.Value.SendDeltaQuietlyAsync(marked: _upLatency is not null);
            }
        }
    }, _stop.Token);

    /// <summary>One model connection: its socket, its send gate (the ticker and the handler both send) and its delta.</summary>
    private sealed class Connection(WebSocket socket, byte[] delta, int deltaPrefixLength)
    {
        /// <summary>The delta this connection streams (its own copy when it is stamped with marks); set before streaming starts.</summary>
        public byte[] Delta { get; set; } = delta;

        private readonly SemaphoreSlim _gate = new(1);

        public async Task SendAsync(byte[] message)
        {
            await _gate.WaitAsync();
            try
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task SendDeltaQuietlyAsync(bool marked)
        {
            try
            {
                await _gate.WaitAsync();
                try
                {
                    if (marked)
                    {
                        // Stamped under the gate: this connection's delta buffer is not being sent.
                        AudioMark.WriteBase64(Delta.AsSpan(deltaPrefixLength), System.Diagnostics.Stopwatch.GetTimestamp());
                    }

                    await socket.SendAsync(Delta, WebSocketMessageType.Text, true, CancellationToken.None);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
            {
            }
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
