using System;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>An open Realtime session: send client events with the <c>…Async</c> methods and read server events with <see cref="ReceiveEventsAsync"/>.</summary>
/// <remarks>
/// <para>Sends may come from several threads at once. A send that finds the socket idle writes its event straight to the
/// socket; a send that finds another one in flight serialises its event into an internal pipe under a short lock and
/// returns, and one send loop drains the pipe. Either way each event is one WebSocket message, in call order.</para>
/// <para>Events are read by a single consumer of <see cref="ReceiveEventsAsync"/>. Nothing reads the socket while no one
/// enumerates, so keep one receive loop running for the session's lifetime.</para>
/// <para>When the connection drops, the enumeration throws <see cref="RealtimeConnectionException"/> and every later send throws it too.</para>
/// </remarks>
public sealed partial class RealtimeSession : VoiceModelSession
{
    private readonly WebSocket _socket;
    private readonly TimeSpan _closeTimeout;
    private readonly ILogger _logger;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly long _openedAt;
    private readonly Pipe _outbound;
    // 4 KiB blocks; 64 kept when idle (256 KiB, several seconds of queued audio).
    private readonly BlockMemoryPool _outboundPool = new(blockSize: 4096, maxRetained: 64);
    private readonly Lock _writeLock = new();
    private readonly Task _sendLoop;
    // Whoever holds it owns the socket's send side: a direct sender for one event, or the send loop for a batch.
    private readonly SemaphoreSlim _socketGate = new(1, 1);
    // The event a direct sender writes; only the holder of _socketGate touches it.
    private readonly PooledMessageBuffer _directMessage = new(8 * 1024);
    // Events in the pipe not yet sent (guarded by _writeLock): while any are queued, nobody sends directly.
    private int _queuedEvents;
    // Owned by whoever reads the socket: the consumer for one message at a time, or DisposeAsync while it waits
    // for the server's close frame. Uncontended WaitAsync completes synchronously without allocating.
    private readonly SemaphoreSlim _receiveGate = new(1, 1);
    private volatile bool _closeObserved;
    private RealtimeConnectionException? _failure;
    private Task? _disposeTask;
    private int _receiving;
    private volatile bool _disposing;

    internal RealtimeSession(WebSocket socket, TimeSpan closeTimeout, ILogger logger, VoiceAgentTelemetry? telemetry = null)
    {
        _socket = socket;
        _closeTimeout = closeTimeout;
        _logger = logger;
        _telemetry = telemetry;
        _openedAt = Stopwatch.GetTimestamp();
        telemetry?.SessionOpened();

        // No writer pause (pauseWriterThreshold 0): senders only copy bytes under a lock and FlushAsync completes
        // synchronously, so concurrent senders never await a flush (a Pipe allows one pending flush only). Audio
        // arrives in real time, so the queue stays small unless the network stalls.
        _outbound = new Pipe(new PipeOptions(_outboundPool, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        _sendLoop = Task.Run(SendLoopAsync);
    }

    /// <summary>Closes the session: flushes queued events, sends a close frame within the client's close timeout, then aborts if needed.</summary>
    /// <returns>A task that completes when the socket is closed. Idempotent: later calls return the same task.</returns>
    public override ValueTask DisposeAsync()
    {
        lock (_writeLock)
        {
            if (_disposeTask is null)
            {
                _disposing = true;

                // 1. No more sends: the send loop drains what is queued, then ends.
                _outbound.Writer.Complete();
                _disposeTask = DisposeCoreAsync();
            }

            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout);
        bool ownsSocket = false;
        try
        {
            // 2. Let queued events and a direct send in flight go out, 3. send the close frame, 4. wait for the server's close frame: a consumer
            // blocked in a read sees it and releases the gate; otherwise it is read (and other messages dropped) here.
            await _sendLoop.WaitAsync(timeout.Token).ConfigureAwait(false);
            await _socketGate.WaitAsync(timeout.Token).ConfigureAwait(false);
            ownsSocket = true;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Session disposed", timeout.Token).ConfigureAwait(false);
            }

            await _receiveGate.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await DrainUntilClosedAsync(timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _receiveGate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            Log.CloseTimedOut(_logger, _closeTimeout);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket was already broken or closed; nothing left to close politely.
            Log.CloseFailed(_logger, ex.Message);
        }
        finally
        {
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }

            _socket.Dispose();
            _outboundPool.Dispose();
            if (ownsSocket)
            {
                // No sender can hold the buffer any more (otherwise it is left to the GC).
                _directMessage.Dispose();
            }

            Log.Closed(_logger);
            _telemetry?.SessionClosed(Stopwatch.GetElapsedTime(_openedAt));
        }
    }

    private async Task DrainUntilClosedAsync(CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[1024];
        while (!_closeObserved && _socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(scratch.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _closeObserved = true;
            }
        }
    }

    // Records the first failure, stops accepting sends and lets the send loop end; later sends throw it.
    private void Fail(RealtimeConnectionException failure)
    {
        lock (_writeLock)
        {
            if (_failure is not null || _disposing)
            {
                return;
            }

            _failure = failure;
            _outbound.Writer.Complete();
        }

        Log.ConnectionFailed(_logger, failure.Message);
    }
}
