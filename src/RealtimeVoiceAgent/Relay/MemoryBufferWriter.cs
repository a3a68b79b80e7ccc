using System;
using System.Buffers;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over one fixed block of memory, so a <see cref="System.Text.Json.Utf8JsonWriter"/>
/// can write a message straight into the outbound pipe's buffer. Reused per call; never grows.
/// </summary>
internal sealed class MemoryBufferWriter : IBufferWriter<byte>
{
    private Memory<byte> _memory;

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int WrittenCount { get; private set; }

    /// <summary>Starts writing into <paramref name="memory"/>.</summary>
    public void Reset(Memory<byte> memory)
    {
        _memory = memory;
        WrittenCount = 0;
    }

    /// <inheritdoc/>
    public void Advance(int count) => WrittenCount += count;

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var free = _memory[WrittenCount..];
        if (free.Length < Math.Max(sizeHint, 1))
        {
            // The caller sized the block from an upper bound of the message; running out is a bug, not bad input.
            throw new InvalidOperationException("The outbound message is larger than the space reserved for it.");
        }

        return free;
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
