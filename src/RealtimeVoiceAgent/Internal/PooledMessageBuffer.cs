using System;
using System.Buffers;

namespace RealtimeVoiceAgent.Internal;

// Accumulates the frames of one WebSocket message until EndOfMessage. The array comes from ArrayPool and only
// grows (by doubling), never shrinks, so after warm-up a steady stream of messages allocates nothing. There is
// deliberately no size cap: the service sends messages larger than 1 MiB.
internal sealed class PooledMessageBuffer : IDisposable
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

    public Memory<byte> GetMemory()
    {
        if (_buffer.Length - _written < MinimumFreeSpace)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_written);
    }

    public void Advance(int count) => _written += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
        _written = 0;
    }
}
