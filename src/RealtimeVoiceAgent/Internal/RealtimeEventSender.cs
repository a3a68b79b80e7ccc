using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Internal;

// The send side of a session's socket: each client event becomes one WebSocket message, in call order, whichever
// thread sends it. A send that finds the socket idle writes its event straight to the socket; a send that finds another
// one in flight serialises its event into a pipe under a short lock and returns, and one send loop drains the pipe.
// It also holds the connection's end state (closing or failed), because that is what decides whether a send may start.
internal sealed class RealtimeEventSender : IDisposable
{
    // Events are queued as compact JSON separated by '\n'. Compact JSON never contains a raw newline (strings escape
    // it), so the send loop can split the byte stream back into one WebSocket message per event.
    private const byte EventDelimiter = (byte)'\n';

    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly Pipe _outbound;
    // 4 KiB blocks; 64 kept when idle (256 KiB, several seconds of queued audio).
    private readonly BlockMemoryPool _outboundPool = new(blockSize: 4096, maxRetained: 64);
    private readonly Lock _writeLock = new();
    private readonly Task _sendLoop;
    // Whoever holds it owns the socket's send side: a direct sender for one event, the send loop for a batch, or
    // CloseOutputAsync for good.
    private readonly SemaphoreSlim _socketGate = new(1, 1);
    // The event a direct sender writes; only the holder of _socketGate touches it.
    private readonly PooledMessageBuffer _directMessage = new(8 * 1024);
    // Events in the pipe not yet sent (guarded by _writeLock): while any are queued, nobody sends directly.
    private int _queuedEvents;
    private RealtimeConnectionException? _failure;
    private volatile bool _closing;
    private bool _ownsSocket;

    public RealtimeEventSender(WebSocket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;

        // No writer pause (pauseWriterThreshold 0): senders only copy bytes under a lock and FlushAsync completes
        // synchronously, so concurrent senders never await a flush (a Pipe allows one pending flush only). Audio
        // arrives in real time, so the queue stays small unless the network stalls.
        _outbound = new Pipe(new PipeOptions(_outboundPool, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        _sendLoop = Task.Run(SendLoopAsync);
    }

    // Set once the session is being disposed: drops and closes from then on are expected, not failures.
    public bool IsClosing => _closing;

    // Control events are rare: serialise them into a scratch buffer first, so an exception while writing can never
    // leave half an event in the pipe, and the lock is held only for the copy.
    public ValueTask SendControlAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scratch = new ArrayBufferWriter<byte>(256);
        write(scratch, state);
        return SendAsync(scratch, static (output, written) => output.Write(written.WrittenSpan), cancellationToken);
    }

    // The socket takes one message at a time. A sender that finds it idle and nothing queued writes its event straight
    // to the socket (no thread hop, no copy into the pipe); otherwise the event goes into the pipe and the send loop
    // writes it once the socket is free. Events leave in call order either way: nobody writes directly while anything
    // is queued (_queuedEvents > 0), and the queue is drained by one loop in order.
    public ValueTask SendAsync<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ValueTask<FlushResult> flush = default;
        bool direct;
        lock (_writeLock)
        {
            // Named after the public type the caller holds, as before the send side had a type of its own.
            ObjectDisposedException.ThrowIf(_closing, typeof(RealtimeSession));
            if (_failure is not null)
            {
                throw new RealtimeConnectionException(_failure.Message, _failure.CloseStatus, innerException: _failure);
            }

            // Uncontended SemaphoreSlim.Wait(0) neither blocks nor allocates.
            direct = _queuedEvents == 0 && _socketGate.Wait(0);
            if (direct)
            {
                try
                {
                    _directMessage.Reset();
                    write(_directMessage, state);
                }
                catch
                {
                    _socketGate.Release();
                    throw;
                }
            }
            else
            {
                PipeWriter writer = _outbound.Writer;
                write(writer, state);
                writer.GetSpan(1)[0] = EventDelimiter;
                writer.Advance(1);
                _queuedEvents++;
                flush = writer.FlushAsync(CancellationToken.None);
            }
        }

        if (direct)
        {
            return SendDirect();
        }

        // Without a pause threshold the flush completes synchronously; keep a correct path for the impossible case.
        if (flush.IsCompletedSuccessfully)
        {
            _ = flush.Result;
            return default;
        }

        return AwaitFlush(flush);

        static async ValueTask AwaitFlush(ValueTask<FlushResult> pending) => await pending.ConfigureAwait(false);
    }

    // Stops accepting sends; the send loop drains what is queued, then ends. Idempotent.
    public void BeginClose()
    {
        lock (_writeLock)
        {
            _closing = true;
            _outbound.Writer.Complete();
        }
    }

    // After BeginClose: lets queued events and a direct send in flight go out, then takes the socket's send side for
    // good and sends the close frame.
    public async Task CloseOutputAsync(CancellationToken cancellationToken)
    {
        await _sendLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _socketGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ownsSocket = true;
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Session disposed", cancellationToken).ConfigureAwait(false);
        }
    }

    // Records the first failure, stops accepting sends and lets the send loop end; later sends throw it.
    public void Fail(RealtimeConnectionException failure)
    {
        lock (_writeLock)
        {
            if (_failure is not null || _closing)
            {
                return;
            }

            _failure = failure;
            _outbound.Writer.Complete();
        }

        RealtimeSessionLog.ConnectionFailed(_logger, failure.Message);
    }

    public void Dispose()
    {
        _outboundPool.Dispose();
        if (_ownsSocket)
        {
            // No sender can hold the buffer any more (otherwise it is left to the GC).
            _directMessage.Dispose();
        }
    }

    // Called holding the socket gate with the event in _directMessage; releases the gate when the write is done.
    private ValueTask SendDirect()
    {
        ValueTask send;
        try
        {
            send = _socket.SendAsync(_directMessage.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            _socketGate.Release();
            throw SendFailed(ex);
        }

        if (send.IsCompletedSuccessfully)
        {
            // The usual case: the kernel took the bytes synchronously.
            send.GetAwaiter().GetResult();
            _socketGate.Release();
            return default;
        }

        return AwaitDirectSendAsync(send);
    }

    // Pooled builder: a write that completes asynchronously (socket buffer full) reuses a state machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitDirectSendAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            throw SendFailed(ex);
        }
        finally
        {
            _socketGate.Release();
        }
    }

    private static bool IsConnectionError(Exception ex) =>
        ex is WebSocketException or ObjectDisposedException or InvalidOperationException or System.IO.IOException;

    // Records the failure like the send loop does (later sends throw it) and returns the exception for this caller.
    private RealtimeConnectionException SendFailed(Exception ex)
    {
        if (_closing)
        {
            return new RealtimeConnectionException("The Realtime session was disposed while sending.", _socket.CloseStatus, innerException: ex);
        }

        var failure = new RealtimeConnectionException($"The connection to the Realtime service dropped while sending: {ex.Message}", _socket.CloseStatus, innerException: ex);
        Fail(failure);
        return failure;
    }

    private async Task SendLoopAsync()
    {
        PipeReader reader = _outbound.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    // A direct sender may be writing: wait for the socket, then send everything queued so far in order.
                    await _socketGate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        while (TryReadEvent(ref buffer, out ReadOnlySequence<byte> message))
                        {
                            await SendMessageAsync(message).ConfigureAwait(false);
                            lock (_writeLock)
                            {
                                _queuedEvents--;
                            }
                        }
                    }
                    finally
                    {
                        // Consumed: the events sent; examined: everything, so ReadAsync waits for new data.
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        _socketGate.Release();
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            if (!_closing)
            {
                Fail(new RealtimeConnectionException($"The connection to the Realtime service dropped while sending: {ex.Message}", _socket.CloseStatus, innerException: ex));
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadEvent(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        var sequenceReader = new SequenceReader<byte>(buffer);
        if (sequenceReader.TryReadTo(out message, EventDelimiter))
        {
            buffer = buffer.Slice(sequenceReader.Position);
            return true;
        }

        return false;
    }

    // Pooled builder: when the socket write completes asynchronously the state machine box is reused, not allocated.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendMessageAsync(ReadOnlySequence<byte> message)
    {
        if (message.IsSingleSegment)
        {
            await _socket.SendAsync(message.First, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // One event spans several pipe segments: send them as frames of one message.
        ReadOnlyMemory<byte> previous = ReadOnlyMemory<byte>.Empty;
        foreach (ReadOnlyMemory<byte> segment in message)
        {
            if (segment.IsEmpty)
            {
                continue;
            }

            if (!previous.IsEmpty)
            {
                await _socket.SendAsync(previous, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None).ConfigureAwait(false);
            }

            previous = segment;
        }

        await _socket.SendAsync(previous, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
    }
}
