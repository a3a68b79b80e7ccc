using System;
using System.Buffers;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Internal;

// A small pool of fixed 4 KiB blocks for the outbound pipe. The default pipe pool (ArrayPool.Shared) keeps returned
// arrays in per-thread caches; the session rents on the sender's thread and returns on the send loop's thread, so
// every new thread-pool thread occasionally forces a fresh array. Blocks here go back to one shared stack and are
// reused as they are, so a steady audio stream allocates nothing. Larger requests fall back to ArrayPool (the pipe
// does that by itself for sizes above MaxBufferSize).
internal sealed class BlockMemoryPool : MemoryPool<byte>
{
    private const int BlockSize = 4096;

    // Blocks kept when idle: 64 x 4 KiB = 256 KiB, several seconds of queued audio.
    private const int MaxRetained = 64;

    private readonly Stack<Block> _free = new();
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        lock (_free)
        {
            if (_free.TryPop(out Block? block))
            {
                return block;
            }
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        lock (_free)
        {
            _disposed = true;
            _free.Clear();
        }
    }

    private void Return(Block block)
    {
        lock (_free)
        {
            if (!_disposed && _free.Count < MaxRetained)
            {
                _free.Push(block);
            }
        }
    }

    private sealed class Block(BlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[BlockSize];

        public Memory<byte> Memory => _array;

        public void Dispose() => pool.Return(this);
    }
}
