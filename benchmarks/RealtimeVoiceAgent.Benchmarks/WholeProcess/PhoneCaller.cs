using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// A phone caller as Twilio Media Streams presents it to the host (docs/telephony.md): a WebSocket to <c>/twilio/media</c>
/// signed with <c>X-Twilio-Signature</c>, then <c>connected</c>, <c>start</c> (μ-law 8 kHz mono, a <c>from</c> number in
/// customParameters), one 20 ms <c>media</c> frame of 160 μ-law bytes each time the pacer asks, every <c>mark</c> echoed,
/// and <c>stop</c> to hang up. The frames carry an <see cref="AudioMark"/> in their first 12 bytes: with G.711 passthrough
/// the host hands the μ-law bytes to the model unchanged, so the mark survives both ways as it does for PCM.
/// </summary>
/// <remarks>
/// Lighter than <see cref="FakeTwilioMediaStream"/> on purpose: the messages are pre-serialised and nothing is recorded,
/// so the driver's cost per call stays small next to the host's. Marks are echoed as soon as they arrive (Twilio echoes
/// them when the audio has played); the host's work per mark is the same either way.
/// </remarks>
internal sealed class PhoneCaller(LatencyRecorder downLatency) : SimulatedCaller
{
    public const int FrameBytes = 160; // 20 ms of 8 kHz μ-law

    /// <summary>The auth token the host is started with for phone runs (<see cref="RelayProcess.StartHost"/>).</summary>
    public const string AuthToken = "benchmark-twilio-token";

    /// <summary>The public base URL the host is started with; the signature covers this URL, not the port it listens on.</summary>
    public const string PublicBaseUrl = "http://127.0.0.1";

    private static readonly byte[] s_payloadProperty = "\"payload\":\""u8.ToArray();
    private static readonly byte[] s_frame = CreateFrame();
    private static int s_nextCall;
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Media frames (the pacer) and mark echoes (the receive loop) share the socket, which takes one send at a time.
    private readonly SemaphoreSlim _sendGate = new(1);
    private readonly string _streamSid = "MZ" + Guid.NewGuid().ToString("N");
    private readonly string _callSid = "CA" + Guid.NewGuid().ToString("N");
    private byte[] _media = [];
    private int _payloadOffset;
    private Task? _receiveLoop;
    private int _sending;

    public override bool IsOpen => _socket.State == WebSocketState.Open && _receiveLoop is { IsCompleted: false };

    public override async Task ConnectAsync(Uri relay, CancellationToken cancellationToken)
    {
        // What Twilio signs: the stream URL it was given in the TwiML, which the host derives from its PublicBaseUrl.
        var signedUrl = PublicBaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/twilio/media";
        _socket.Options.SetRequestHeader("X-Twilio-Signature", FakeTwilioMediaStream.ComputeSignature(AuthToken, signedUrl));
        await _socket.ConnectAsync(relay, cancellationToken);
        BuildMediaMessage();
        await SendTextAsync("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        var from = "+1555" + (Interlocked.Increment(ref s_nextCall) % 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
        await SendTextAsync(
            "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC00000000000000000000000000000000\"," +
            $"\"streamSid\":\"{_streamSid}\",\"callSid\":\"{_callSid}\",\"tracks\":[\"inbound\"],\"customParameters\":{{\"from\":\"{from}\"}}," +
            $"\"mediaFormat\":{{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}},\"streamSid\":\"{_streamSid}\"}}");
        _receiveLoop = ReceiveLoopAsync();
        // Twilio has no "ready" message: the call is up when the host's first audio (the greeting) arrives.
        await _ready.Task.WaitAsync(cancellationToken);
    }

    public override bool TrySendFrame()
    {
        if (_socket.State != WebSocketState.Open || Interlocked.Exchange(ref _sending, 1) == 1)
        {
            return false;
        }

        _ = SendFrameAsync();
        return true;
    }

    private async Task SendFrameAsync()
    {
        try
        {
            await _sendGate.WaitAsync();
            try
            {
                // Stamped under the gate, so the buffer is not being sent.
                AudioMark.WriteBase64(_media.AsSpan(_payloadOffset), Stopwatch.GetTimestamp());
                await _socket.SendAsync(_media, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            FailedWith ??= ex.Message;
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }

    private async Task SendTextAsync(string text)
    {
        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && count < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    FailedWith ??= "closed by the host: " + _socket.CloseStatusDescription;
                    _ready.TrySetException(new InvalidOperationException(FailedWith));
                    return;
                }

                var message = buffer.AsSpan(0, count);
                if (message.IndexOf("\"event\":\"media\""u8) >= 0)
                {
                    CountFrameReceived();
                    _ready.TrySetResult();
                    if (AudioMark.TryReadJson(message, s_payloadProperty, out var sent))
                    {
                        downLatency.RecordSince(sent);
                    }
                    else
                    {
                        downLatency.RecordUnmarked();
                    }
                }
                else if (message.IndexOf("\"event\":\"mark\""u8) >= 0 && MarkName(message) is { } name)
                {
                    await SendTextAsync($"{{\"event\":\"mark\",\"sequenceNumber\":\"2\",\"streamSid\":\"{_streamSid}\",\"mark\":{{\"name\":\"{name}\"}}}}");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            FailedWith ??= ex.Message;
            _ready.TrySetException(ex);
        }
    }

    // This caller's own media message, shaped as Twilio's (the fields the host skips included, so it parses what it would
    // in production); the mark is stamped into the start of the payload before each send.
    private void BuildMediaMessage()
    {
        var prefix = "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"20\",\"payload\":\"";
        _payloadOffset = Encoding.ASCII.GetByteCount(prefix);
        _media = Encoding.ASCII.GetBytes(prefix + Convert.ToBase64String(s_frame) + $"\"}},\"streamSid\":\"{_streamSid}\"}}");
    }

    private static byte[] CreateFrame()
    {
        // μ-law of a quiet ramp; the content does not matter to a passthrough relay, and the first 12 bytes become the mark.
        var frame = new byte[FrameBytes];
        for (var i = 0; i < FrameBytes; i++)
        {
            frame[i] = (byte)(0xF0 + (i % 16));
        }

        return frame;
    }

    // The host's mark names are plain ASCII (item id and a counter), so no JSON unescaping is needed.
    private static string? MarkName(ReadOnlySpan<byte> message)
    {
        var at = message.IndexOf("\"name\":\""u8);
        if (at < 0)
        {
            return null;
        }

        var rest = message[(at + 8)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.ASCII.GetString(rest[..end]);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                // Hang up as Twilio does: stop, then the application closes the socket.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await SendTextAsync($"{{\"event\":\"stop\",\"sequenceNumber\":\"3\",\"streamSid\":\"{_streamSid}\",\"stop\":{{\"accountSid\":\"AC00000000000000000000000000000000\",\"callSid\":\"{_callSid}\"}}}}");
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The host closed first, or the call had already failed.
        }

        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _sendGate.Dispose();
    }
}
