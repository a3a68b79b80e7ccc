using System;
using System.Buffers;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Internal;

// A small pool of fixed-size blocks for a Pipe whose writer and reader run on different threads (the session's
// outbound pipe, a call's caller outbox). The default pipe pool (ArrayPool.Shared) keeps returned arrays in
// per-thread/per-core caches; renting on one thread and returning on another overflows them and forces fresh
// arrays in steady state. Blocks here go back to one shared stack and are reused as they are, so a steady audio
// stream allocates nothing. Larger requests fall back to ArrayPool (the pipe does that by itself for sizes above
// MaxBufferSize).
internal sealed class BlockMemoryPool : MemoryPool<byte>
{
    private readonly int _blockSize;
    private readonly int _maxRetained;
    private readonly Stack<Block> _free = new();
    private bool _disposed;

    /// <param name="blockSize">The size of every block (the pipe's segment size).</param>
    /// <param name="maxRetained">Blocks kept when idle; more are dropped to the GC when returned.</param>
    public BlockMemoryPool(int blockSize, int maxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetained);
        _blockSize = blockSize;
        _maxRetained = maxRetained;
    }

    public override int MaxBufferSize => _blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, _blockSize);
        lock (_free)
        {
            if (_free.TryPop(out Block? block))
            {
                return block;
            }
        }

        return new Block(this, _blockSize);
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
            if (!_disposed && _free.Count < _maxRetained)
            {
                _free.Push(block);
            }
        }
    }

    private sealed class Block(BlockMemoryPool pool, int size) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[size];

        public Memory<byte> Memory => _array;

        public void Dispose() => pool.Return(this);
    }
}
