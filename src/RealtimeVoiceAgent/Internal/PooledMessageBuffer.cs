using System;
using System.Buffers;

namespace RealtimeVoiceAgent.Internal;

// Accumulates the frames of one WebSocket message until EndOfMessage. The array comes from ArrayPool and only
// grows (by doubling), never shrinks, so after warm-up a steady stream of messages allocates nothing. There is
// deliberately no size cap: the service sends messages larger than 1 MiB. Also the reusable buffer a sender frames one
// outgoing event into before writing it straight to the socket (IBufferWriter).
internal sealed class PooledMessageBuffer : IBufferWriter<byte>, IDisposable
{
    private const int MinimumFreeSpace = 4096;
    private byte[] _buffer;
    private int _written;

    public PooledMessageBuffer(int initialSize = 64 * 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Reset() => _written = 0;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int needed = Math.Max(sizeHint, MinimumFreeSpace);
        if (_buffer.Length - _written < needed)
        {
            int size = Math.Max(_buffer.Length, 1024);
            while (size - _written < needed)
            {
                size = checked(size * 2);
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent(size);
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count) => _written += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
        _written = 0;
    }
}
