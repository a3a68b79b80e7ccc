using System;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// A browser caller (docs/client-protocol.md): 24 kHz PCM16 in 50 ms frames, as <c>audio_chunk</c>/<c>audio_delta</c>
/// JSON (the seed's protocol) or, with <c>audio=binary</c>, as binary frames both ways. Every frame it sends carries an
/// <see cref="AudioMark"/>; every audio message it receives is timed from the fake model's mark into <paramref name="downLatency"/>.
/// </summary>
internal sealed class BrowserCaller(bool binaryAudio, LatencyRecorder downLatency) : SimulatedCaller
{
    public const int FrameBytes = 2400; // 50 ms of 24 kHz mono PCM16

    private static readonly byte[] s_frame = CreateFrame();
    private static readonly byte[] s_chunkPrefix = "{\"type\":\"audio_chunk\",\"data\":\""u8.ToArray();
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // This caller's own copy of the outgoing message: the mark is stamped into it before each send.
    private readonly byte[] _message = binaryAudio ? (byte[])s_frame.Clone() : CreateAudioChunk();
    private Task? _receiveLoop;
    private int _sending;

    public override bool IsOpen => _socket.State == WebSocketState.Open && _receiveLoop is { IsCompleted: false };

    public override async Task ConnectAsync(Uri relay, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(binaryAudio ? new Uri(relay + "?audio=binary") : relay, cancellationToken);
        _receiveLoop = ReceiveLoopAsync();
        await _ready.Task.WaitAsync(cancellationToken);
    }

    public override bool TrySendFrame()
    {
        if (_socket.State != WebSocketState.Open || Interlocked.Exchange(ref _sending, 1) == 1)
        {
            return false;
        }

        if (binaryAudio)
        {
            AudioMark.Write(_message, Stopwatch.GetTimestamp());
        }
        else
        {
            AudioMark.WriteBase64(_message.AsSpan(s_chunkPrefix.Length), Stopwatch.GetTimestamp());
        }

        _ = SendAsync();
        return true;
    }

    private async Task SendAsync()
    {
        try
        {
            await _socket.SendAsync(_message, binaryAudio ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, CancellationToken.None);
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
                    FailedWith ??= "closed by the relay: " + _socket.CloseStatusDescription;
                    _ready.TrySetException(new InvalidOperationException(FailedWith));
                    return;
                }

                OnMessage(buffer.AsSpan(0, count), result.MessageType == WebSocketMessageType.Binary);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            FailedWith ??= ex.Message;
            _ready.TrySetException(ex);
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message, bool binary)
    {
        long sent;
        if (binary)
        {
            CountFrameReceived();
            Record(AudioMark.TryRead(message, out sent), sent);
        }
        else if (message.IndexOf("\"audio_delta\""u8) >= 0)
        {
            CountFrameReceived();
            Record(AudioMark.TryReadJson(message, "\"data\":\""u8, out sent), sent);
        }
        else if (message.IndexOf("\"ready\""u8) >= 0)
        {
            _ready.TrySetResult();
        }
    }

    private void Record(bool marked, long sent)
    {
        if (marked)
        {
            downLatency.RecordSince(sent);
        }
        else
        {
            downLatency.RecordUnmarked();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }
    }

    private static byte[] CreateFrame()
    {
        // A 300 Hz tone; the first 12 bytes are overwritten by the mark.
        var frame = new byte[FrameBytes];
        for (var i = 0; i < FrameBytes / 2; i++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * 300 * i / 24000.0) * 6000);
            frame[2 * i] = (byte)sample;
            frame[(2 * i) + 1] = (byte)(sample >> 8);
        }

        return frame;
    }

    private static byte[] CreateAudioChunk() =>
        [.. s_chunkPrefix, .. Encoding.ASCII.GetBytes(Convert.ToBase64String(s_frame)), .. "\"}"u8];
}
