using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Everything on its way to the caller, in order: audio and events are queued by whoever produces them (the model loop,
/// tools, agent hooks) and handed to the <see cref="CallerTransport"/> by one send loop, so a slow caller never blocks the
/// model connection.
/// </summary>
/// <remarks>
/// <para>Audio is converted to the caller's format straight into a bounded <see cref="Pipe"/> as frames of a 13-byte header
/// (kind, length, when the relay received it) and the payload (no copy, no allocation). Events, and the id of each new
/// audio item, travel as objects in a queue beside the pipe; their frame in the pipe keeps the order.</para>
/// <para>The pipe pauses at <c>maxBufferedBytes</c>. A flush that would pause means the caller has stopped reading: the
/// channel stops and reports the overflow once (the session then ends the call as <see cref="CallEndReason.SlowConsumer"/>)
/// instead of buffering without bound. Thread-safe for writers; the send loop is the only reader.</para>
/// </remarks>
internal sealed class CallerChannel : IDisposable
{
    private const int HeaderSize = 13;
    private const int MinimumBlockSize = 4 * 1024;
    // Blocks are sized to the call's output audio (see BlockSizeFor); 8 are kept per call when idle (the pause threshold
    // bounds how many are in use).
    private readonly BlockMemoryPool _memoryPool;
    private readonly Pipe _pipe;
    private readonly Lock _lock = new();
    // Events and audio item ids, in pipe order (guarded by _lock; a Queue reuses its array, so no allocation per frame).
    private readonly Queue<object> _objects = new();
    private readonly OutboundAudioConverter _audio;
    private readonly TimeProvider _timeProvider;
    private readonly RelayLatencyHistogram? _latency;
    private readonly Action _overflowed;
    private string? _lastItemId;
    private long _bufferedBytes;
    private long _peakBufferedBytes;
    private byte[]? _sendScratch;
    private bool _stopped;

    public CallerChannel(CallerAudioFormat outputFormat, CallerAudioFormat modelFormat, int maxBufferedBytes, TimeProvider timeProvider, RelayLatencyHistogram? latency, Action overflowed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedBytes, 1024);
        var blockSize = BlockSizeFor(outputFormat);
        _memoryPool = new BlockMemoryPool(blockSize, maxRetained: 8);
        _audio = new OutboundAudioConverter(outputFormat, modelFormat);
        _timeProvider = timeProvider;
        _latency = latency;
        _overflowed = overflowed;
        // Resume at half the pause threshold to avoid thrashing at the limit (runtime PipeOptions defaults).
        // The send loop runs inline when a flush wakes it (PipeScheduler.Inline): it hands the frame to the transport
        // (Kestrel buffers it) and returns at its next await, which saves a thread-pool hop per message. A transport send
        // that does not complete at once makes the loop continue asynchronously, so a writer is never blocked on the caller.
        _pipe = new Pipe(new PipeOptions(
            pool: _memoryPool,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.ThreadPool,
            pauseWriterThreshold: maxBufferedBytes,
            resumeWriterThreshold: maxBufferedBytes / 2,
            minimumSegmentSize: blockSize,
            useSynchronizationContext: false));
    }

    private enum FrameKind : byte
    {
        Audio,
        AudioItem,
        Event,
    }

    /// <summary>Bytes queued but not yet handed to the transport.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The most bytes ever queued at once.</summary>
    public long PeakBufferedBytes => Interlocked.Read(ref _peakBufferedBytes);

    /// <summary>Queues an event. Dropped once the channel has stopped.</summary>
    public void Send(CallerEvent callerEvent)
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _objects.Enqueue(callerEvent);
                CommitLocked(_pipe.Writer.GetSpan(HeaderSize), FrameKind.Event, 0, _timeProvider.GetTimestamp());
            }
        }
    }

    /// <summary>Queues model audio (in the model's format) in the caller's format; <paramref name="receivedAt"/> is when the relay got it.</summary>
    public void SendAudio(ReadOnlySpan<byte> modelAudio, string itemId, long receivedAt)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (!string.Equals(_lastItemId, itemId, StringComparison.Ordinal))
            {
                _lastItemId = itemId;
                _objects.Enqueue(itemId);
                if (!CommitLocked(_pipe.Writer.GetSpan(HeaderSize), FrameKind.AudioItem, 0, receivedAt))
                {
                    return;
                }
            }

            var frame = _pipe.Writer.GetSpan(HeaderSize + _audio.GetMaxOutputBytes(modelAudio.Length));
            var written = _audio.Convert(modelAudio, frame[HeaderSize..]);
            CommitLocked(frame, FrameKind.Audio, written, receivedAt);
        }
    }

    /// <summary>Queues a last event (when there is one) and stops: the send loop hands over what is queued, then ends.</summary>
    public void Complete(CallerEvent? last)
    {
        lock (_lock)
        {
            if (last is not null && !_stopped)
            {
                _objects.Enqueue(last);
                CommitLocked(_pipe.Writer.GetSpan(HeaderSize), FrameKind.Event, 0, _timeProvider.GetTimestamp());
            }

            _stopped = true;
            _pipe.Writer.Complete();
        }
    }

    /// <summary>Hands queued frames to the caller until the channel is completed or the token is cancelled.</summary>
    public async Task RunSendLoopAsync(CallerTransport transport, CancellationToken cancellationToken)
    {
        var reader = _pipe.Reader;
        string itemId = string.Empty;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                try
                {
                    while (TryReadFrame(ref buffer, out var kind, out var payload, out var receivedAt))
                    {
                        switch (kind)
                        {
                            case FrameKind.Audio:
                                _latency?.Record(_timeProvider.GetElapsedTime(receivedAt));
                                await transport.SendAudioAsync(payload.IsSingleSegment ? payload.First : CopyToScratch(payload), itemId, cancellationToken).ConfigureAwait(false);
                                break;
                            case FrameKind.AudioItem:
                                itemId = (string)Dequeue();
                                break;
                            default:
                                _latency?.Record(_timeProvider.GetElapsedTime(receivedAt));
                                await transport.SendEventAsync((CallerEvent)Dequeue(), cancellationToken).ConfigureAwait(false);
                                break;
                        }

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

    /// <summary>Returns the pooled buffers; call after the send loop has ended.</summary>
    public void Dispose()
    {
        _memoryPool.Dispose();
        _audio.Dispose();
        PooledArray.Return(ref _sendScratch);
    }

    // Writes the header at the start of frame (a span from GetSpan, payload already after the header) and flushes.
    private bool CommitLocked(Span<byte> frame, FrameKind kind, int payloadBytes, long receivedAt)
    {
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(frame[1..], payloadBytes);
        BinaryPrimitives.WriteInt64LittleEndian(frame[5..], receivedAt);
        _pipe.Writer.Advance(HeaderSize + payloadBytes);
        UpdatePeak(Interlocked.Add(ref _bufferedBytes, HeaderSize + payloadBytes));

        var flush = _pipe.Writer.FlushAsync();
        if (flush.IsCompleted)
        {
            var result = flush.GetAwaiter().GetResult();
            return !result.IsCompleted && !result.IsCanceled;
        }

        // Paused at the threshold: the caller has not read maxBufferedBytes of what we sent. Stop writing (a second flush
        // may not start while this one is pending), observe the pending flush (it ends when the reader completes) and
        // report the overflow once; the session drops the call.
        _stopped = true;
        _ = flush.AsTask();
        _overflowed();
        return false;
    }

    /// <summary>
    /// The power of two that holds a frame of 100 ms of <paramref name="format"/> with its header (at least 4 KiB): a
    /// 24 kHz PCM16 call gets 8 KiB blocks, 48 kHz 16 KiB, 8 kHz G.711 4 KiB. The model's deltas are usually shorter, so a
    /// frame sits in one segment and the send loop hands it over without a copy; a longer one is copied out (CopyToScratch).
    /// Memory per call follows its audio instead of the largest format's.
    /// </summary>
    internal static int BlockSizeFor(CallerAudioFormat format)
    {
        var frame = HeaderSize + (format.SampleRate / 10 * format.BytesPerSample);
        return Math.Max(MinimumBlockSize, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)frame));
    }

    private object Dequeue()
    {
        lock (_lock)
        {
            return _objects.Dequeue();
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out ReadOnlySequence<byte> payload, out long receivedAt)
    {
        kind = default;
        payload = default;
        receivedAt = 0;
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

        kind = (FrameKind)header[0];
        receivedAt = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private ReadOnlyMemory<byte> CopyToScratch(ReadOnlySequence<byte> payload)
    {
        var length = (int)payload.Length;
        var scratch = PooledArray.Grow(ref _sendScratch, length);
        payload.CopyTo(scratch);
        return scratch.AsMemory(0, length);
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
