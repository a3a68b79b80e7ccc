using System;
using System.Buffers;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The outbox pipe's memory: fixed 16 KiB blocks kept by the call. With the default pool (ArrayPool.Shared) hundreds
/// of calls renting on one thread and returning on another overflow its per-core caches and allocate new arrays in
/// steady state; blocks here are reused as they are. 16 KiB holds the largest audio frame (100 ms at 48 kHz is
/// 9.6 KB) in one segment, so the send loop never has to copy a frame out of the pipe.
/// </summary>
internal sealed class OutboxMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;

    // Blocks kept when idle: 8 x 16 KiB per call; the pipe's pause threshold bounds how many are in use at once.
    private const int MaxRetained = 8;

    private readonly Stack<Block> _free = new();
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        lock (_free)
        {
            if (_free.TryPop(out var block))
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

    private sealed class Block(OutboxMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[BlockSize];

        public Memory<byte> Memory => _array;

        public void Dispose() => pool.Return(this);
    }
}
