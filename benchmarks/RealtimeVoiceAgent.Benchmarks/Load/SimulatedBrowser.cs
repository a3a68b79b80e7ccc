using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// One simulated browser: connects with binary 48 kHz audio both ways, waits for "ready", then (driven by the
/// shared ticker) sends one 50 ms frame every 50 ms and reads everything the relay sends.
/// </summary>
internal sealed class SimulatedBrowser : IAsyncDisposable
{
    private static readonly byte[] s_frame = CreateFrame();
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiveLoop;
    private int _sending;
    private long _framesReceived;

    public bool IsOpen => _socket.State == WebSocketState.Open && _receiveLoop is { IsCompleted: false };

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    public string? FailedWith { get; private set; }

    public async Task ConnectAsync(Uri relay, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(relay, cancellationToken);
        _receiveLoop = ReceiveLoopAsync();
        await _ready.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends the next 50 ms frame unless the previous send is still in flight (then the tick is skipped and counted).</summary>
    public bool TrySendFrame()
    {
        if (_socket.State != WebSocketState.Open || Interlocked.Exchange(ref _sending, 1) == 1)
        {
            return false;
        }

        _ = SendAsync();
        return true;
    }

    private async Task SendAsync()
    {
        try
        {
            await _socket.SendAsync(s_frame, WebSocketMessageType.Binary, true, CancellationToken.None);
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
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    FailedWith ??= "closed by the relay: " + _socket.CloseStatusDescription;
                    _ready.TrySetException(new InvalidOperationException(FailedWith));
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Interlocked.Increment(ref _framesReceived);
                }
                else if (buffer.AsSpan(0, result.Count).IndexOf("\"ready\""u8) >= 0)
                {
                    _ready.TrySetResult();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            FailedWith ??= ex.Message;
            _ready.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
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
        // 50 ms of 48 kHz mono PCM16: 2400 samples of a 300 Hz tone.
        var frame = new byte[4800];
        for (var i = 0; i < 2400; i++)
        {
            var sample = (short)(Math.Sin(2 * Math.PI * 300 * i / 48000.0) * 6000);
            frame[2 * i] = (byte)sample;
            frame[(2 * i) + 1] = (byte)(sample >> 8);
        }

        return frame;
    }
}
