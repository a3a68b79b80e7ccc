using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <content>Client events and the send loop.</content>
public sealed partial class RealtimeSession
{
    // Events are queued as compact JSON separated by '\n'. Compact JSON never contains a raw newline (strings escape
    // it), so the send loop can split the byte stream back into one WebSocket message per event.
    private const byte EventDelimiter = (byte)'\n';

    /// <summary>Sends <c>session.update</c> (GA shape) with the given configuration.</summary>
    /// <param name="configuration">The settings to change; unset values are not sent.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued; the service answers with <c>session.updated</c> or <c>error</c>.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SendControl(configuration, static (output, c) => ClientEventWriter.WriteSessionUpdate(output, c), cancellationToken);
    }

    /// <summary>Sends <c>input_audio_buffer.append</c>: raw audio in the session's input format (PCM16 24 kHz mono by default), base64-framed without allocating.</summary>
    /// <param name="pcm16At24kHz">The audio bytes; copied before the call returns.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is written to the socket or queued behind another send (synchronously in practice).</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> pcm16At24kHz, CancellationToken cancellationToken = default)
    {
        if (pcm16At24kHz.IsEmpty)
        {
            return default;
        }

        // The hot path frames into a reused buffer and writes it to the socket, or into the pipe when another send is in
        // flight: no intermediate array, no allocation.
        return Enqueue(pcm16At24kHz, static (output, audio) => AudioAppendFraming.WriteAppendEvent(output, audio.Span), cancellationToken);
    }

    /// <summary>Sends <c>input_audio_buffer.commit</c> (manual turns; needs at least 100 ms of audio).</summary>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public ValueTask CommitAudioAsync(CancellationToken cancellationToken = default) =>
        SendControl(0, static (output, _) => ClientEventWriter.WriteInputAudioBufferCommit(output), cancellationToken);

    /// <summary>Sends <c>input_audio_buffer.clear</c>.</summary>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public ValueTask ClearAudioAsync(CancellationToken cancellationToken = default) =>
        SendControl(0, static (output, _) => ClientEventWriter.WriteInputAudioBufferClear(output), cancellationToken);

    /// <summary>Sends <c>conversation.item.create</c> with a user text message.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public ValueTask AddUserTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendControl(text, static (output, t) => ClientEventWriter.WriteUserText(output, t), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.create</c> with a <c>function_call_output</c>. Follow it with <see cref="CreateResponseAsync"/> once all outputs of the response are sent.</summary>
    /// <param name="callId">The <c>call_id</c> of the function call.</param>
    /// <param name="output">The result, usually JSON.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(output);
        return SendControl((callId, output), static (o, s) => ClientEventWriter.WriteFunctionCallOutput(o, s.callId, s.output), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.truncate</c>: tells the service how much of an assistant audio item the caller heard (barge-in).</summary>
    /// <param name="itemId">The assistant item being played.</param>
    /// <param name="contentIndex">The audio content part (0 in practice).</param>
    /// <param name="audioEndMs">Milliseconds actually played (PCM16 24 kHz: bytes played / 48).</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(contentIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(audioEndMs);
        return SendControl((itemId, contentIndex, audioEndMs), static (o, s) => ClientEventWriter.WriteTruncate(o, s.itemId, s.contentIndex, s.audioEndMs), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.delete</c>.</summary>
    /// <param name="itemId">The item to delete.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        return SendControl(itemId, static (o, id) => ClientEventWriter.WriteDelete(o, id), cancellationToken);
    }

    /// <summary>Sends <c>response.create</c>. Only one response may be active at a time (else the service answers <c>conversation_already_has_active_response</c>).</summary>
    /// <param name="options">Per-response overrides such as instructions, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default) =>
        SendControl(options, static (o, opts) => ClientEventWriter.WriteResponseCreate(o, opts), cancellationToken);

    /// <summary>Sends <c>response.cancel</c>; a resulting <c>response_cancel_not_active</c> error is harmless.</summary>
    /// <param name="responseId">The response to cancel, or <see langword="null"/> for the active one.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default) =>
        SendControl(responseId, static (o, id) => ClientEventWriter.WriteResponseCancel(o, id), cancellationToken);

    // Control events are rare: serialise them into a scratch buffer first, so an exception while writing can never
    // leave half an event in the pipe, and the lock is held only for the copy.
    private ValueTask SendControl<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var scratch = new ArrayBufferWriter<byte>(256);
        write(scratch, state);
        return Enqueue(scratch, static (output, written) => output.Write(written.WrittenSpan), cancellationToken);
    }

    // The socket takes one message at a time. A sender that finds it idle and nothing queued writes its event straight
    // to the socket (no thread hop, no copy into the pipe); otherwise the event goes into the pipe and the send loop
    // writes it once the socket is free. Events leave in call order either way: nobody writes directly while anything
    // is queued (_queuedEvents > 0), and the queue is drained by one loop in order.
    private ValueTask Enqueue<TState>(TState state, Action<IBufferWriter<byte>, TState> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ValueTask<FlushResult> flush = default;
        bool direct;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposing, this);
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
        if (_disposing)
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
            if (!_disposing)
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
