using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The caller-bound half of a call: messages are framed into a bounded <see cref="Pipe"/> by the model loop and
/// written to the caller transport by a separate send loop, so a slow caller never blocks the model connection.
/// </summary>
/// <remarks>
/// Each frame is a 13-byte header (kind, payload length, enqueue timestamp) and the payload, written in place
/// (no copy for audio). The pipe pauses at <c>maxBufferedBytes</c>; when a flush would pause, the caller is not
/// keeping up (it stopped reading), and <see cref="Commit"/> returns false so the session closes the call with
/// <see cref="CallEndReason.SlowConsumer"/> instead of buffering without bound. Writers must be serialised by
/// the owner; the send loop is the only reader.
/// </remarks>
internal sealed class CallerOutbox
{
    private const int HeaderSize = 13;
    // 16 KiB blocks hold the largest audio frame (100 ms at 48 kHz is 9.6 KB) in one segment, so the send loop never
    // copies a frame out of the pipe; 8 are kept per call when idle (the pause threshold bounds how many are in use).
    private const int BlockSize = 16 * 1024;
    private readonly BlockMemoryPool _memoryPool = new(BlockSize, maxRetained: 8);
    private readonly Pipe _pipe;
    private readonly TimeProvider _timeProvider;
    private readonly RelayLatencyHistogram? _latency;
    private Memory<byte> _reserved;
    private long _bufferedBytes;
    private long _peakBufferedBytes;
    private byte[]? _sendScratch;
    private bool _stopped;

    public CallerOutbox(int maxBufferedBytes, TimeProvider timeProvider, RelayLatencyHistogram? latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedBytes, 1024);
        _timeProvider = timeProvider;
        _latency = latency;
        // Resume at half the pause threshold to avoid thrashing at the limit (runtime PipeOptions defaults).
        // The send loop runs inline when a flush wakes it (PipeScheduler.Inline): it hands the frame to the transport
        // (Kestrel buffers it) and returns at its next await, which saves a thread-pool hop per message. A transport send
        // that does not complete at once makes the loop continue asynchronously, so the writer is never blocked on the caller.
        _pipe = new Pipe(new PipeOptions(
            pool: _memoryPool,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.ThreadPool,
            pauseWriterThreshold: maxBufferedBytes,
            resumeWriterThreshold: maxBufferedBytes / 2,
            minimumSegmentSize: BlockSize,
            useSynchronizationContext: false));
    }

    /// <summary>Bytes framed but not yet handed to the transport.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The most bytes ever buffered at once (for tests and the load driver).</summary>
    public long PeakBufferedBytes => Interlocked.Read(ref _peakBufferedBytes);

    /// <summary>Reserves room for a payload of at most <paramref name="maxPayloadBytes"/>; finish with <see cref="Commit"/>.</summary>
    public Memory<byte> GetPayloadMemory(int maxPayloadBytes)
    {
        if (_stopped)
        {
            // Overflowed or completed: keep the caller's write harmless; Commit reports the failure.
            return new byte[maxPayloadBytes];
        }

        _reserved = _pipe.Writer.GetMemory(HeaderSize + maxPayloadBytes);
        return _reserved.Slice(HeaderSize, maxPayloadBytes);
    }

    /// <summary>
    /// Frames the reserved payload. <paramref name="receivedTimestamp"/> is when the relay got the data it came
    /// from (for the relay latency). Returns false when the caller is not keeping up or the outbox is closed.
    /// </summary>
    public bool Commit(CallerMessageKind kind, int payloadBytes, long receivedTimestamp)
    {
        if (_stopped)
        {
            return false;
        }

        var header = _reserved.Span;
        header[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payloadBytes);
        BinaryPrimitives.WriteInt64LittleEndian(header[5..], receivedTimestamp);
        _pipe.Writer.Advance(HeaderSize + payloadBytes);
        _reserved = default;

        var buffered = Interlocked.Add(ref _bufferedBytes, HeaderSize + payloadBytes);
        UpdatePeak(buffered);

        var flush = _pipe.Writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            // Paused at the threshold: the caller has not read maxBufferedBytes of what we sent. Stop writing (a second
            // flush may not start while this one is pending), observe the pending flush (it ends when the reader
            // completes) and report the overflow; the session drops the call.
            _stopped = true;
            _ = flush.AsTask();
            return false;
        }

        var result = flush.GetAwaiter().GetResult();
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>Copies and frames a payload.</summary>
    public bool Enqueue(CallerMessageKind kind, ReadOnlySpan<byte> payload, long receivedTimestamp)
    {
        payload.CopyTo(GetPayloadMemory(payload.Length).Span);
        return Commit(kind, payload.Length, receivedTimestamp);
    }

    /// <summary>Stops accepting messages; the send loop drains what is buffered and ends.</summary>
    public void Complete()
    {
        _stopped = true;
        _pipe.Writer.Complete();
    }

    /// <summary>True once the outbox overflowed or was completed: nothing more can be sent.</summary>
    public bool IsStopped => _stopped;

    /// <summary>Sends framed messages to the caller until the outbox is completed or the token is cancelled.</summary>
    public async Task RunSendLoopAsync(ICallerTransport transport, CancellationToken cancellationToken)
    {
        var reader = _pipe.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                try
                {
                    while (TryReadFrame(ref buffer, out var kind, out var payload, out var timestamp))
                    {
                        var message = payload.IsSingleSegment ? payload.First : CopyToScratch(payload);
                        _latency?.Record(_timeProvider.GetElapsedTime(timestamp));
                        await transport.SendAsync(message, kind, cancellationToken).ConfigureAwait(false);
                        consumed = buffer.Start;
                        Interlocked.Add(ref _bufferedBytes, -(HeaderSize + payload.Length));
                    }
                }
                finally
                {
                    // Always advance so the reader is not left in the reading state (runtime PipeReader idiom).
                    reader.AdvanceTo(consumed, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out CallerMessageKind kind, out ReadOnlySequence<byte> payload, out long timestamp)
    {
        kind = default;
        payload = default;
        timestamp = 0;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        kind = (CallerMessageKind)header[0];
        timestamp = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private ReadOnlyMemory<byte> CopyToScratch(ReadOnlySequence<byte> payload)
    {
        var length = (int)payload.Length;
        if (_sendScratch is null || _sendScratch.Length < length)
        {
            if (_sendScratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_sendScratch);
            }

            _sendScratch = ArrayPool<byte>.Shared.Rent(length);
        }

        payload.CopyTo(_sendScratch);
        return _sendScratch.AsMemory(0, length);
    }

    /// <summary>Returns the pooled buffers; call after the send loop has ended.</summary>
    public void Release()
    {
        _memoryPool.Dispose();
        if (_sendScratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_sendScratch);
            _sendScratch = null;
        }
    }

    private void UpdatePeak(long buffered)
    {
        var peak = Interlocked.Read(ref _peakBufferedBytes);
        while (buffered > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakBufferedBytes, buffered, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}
