using System;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// Marked audio: the first 12 bytes of a PCM frame carry a magic number and the <see cref="Stopwatch"/> timestamp of
/// the moment it was sent, so the receiving end (simulated caller or fake model, both in the driver process and so on
/// one clock) times the message end to end through the relay. 12 bytes are exactly 16 base64 characters, so the mark
/// can be stamped into, and read from, the start of a base64 string without touching the rest of it.
/// </summary>
/// <remarks>The relay must pass the audio through unchanged: the harness uses 24 kHz PCM16 both ways, which both relays
/// forward byte for byte (resampling or G.711 would destroy the mark; such frames are counted as unmarked).</remarks>
internal static class AudioMark
{
    public const int Bytes = 12;
    public const int Base64Chars = 16;
    private const uint Magic = 0x214B524D; // "MRK!"

    /// <summary>Writes the mark for <paramref name="timestamp"/> into the first <see cref="Bytes"/> bytes of <paramref name="pcm"/>.</summary>
    public static void Write(Span<byte> pcm, long timestamp)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(pcm, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(pcm[4..], timestamp);
    }

    /// <summary>Writes the mark as base64 into the first <see cref="Base64Chars"/> characters of <paramref name="base64"/>.</summary>
    public static void WriteBase64(Span<byte> base64, long timestamp)
    {
        Span<byte> mark = stackalloc byte[Bytes];
        Write(mark, timestamp);
        Base64.EncodeToUtf8(mark, base64, out _, out _);
    }

    /// <summary>Reads the timestamp from the start of raw PCM; false when the frame carries no mark.</summary>
    public static bool TryRead(ReadOnlySpan<byte> pcm, out long timestamp)
    {
        timestamp = 0;
        if (pcm.Length < Bytes || BinaryPrimitives.ReadUInt32LittleEndian(pcm) != Magic)
        {
            return false;
        }

        timestamp = BinaryPrimitives.ReadInt64LittleEndian(pcm[4..]);
        return true;
    }

    /// <summary>Reads the timestamp from the start of a base64 string; false when it carries no mark.</summary>
    public static bool TryReadBase64(ReadOnlySpan<byte> base64, out long timestamp)
    {
        timestamp = 0;
        Span<byte> mark = stackalloc byte[Bytes];
        return base64.Length >= Base64Chars
            && Base64.DecodeFromUtf8(base64[..Base64Chars], mark, out _, out var written, isFinalBlock: false) == System.Buffers.OperationStatus.Done
            && written == Bytes
            && TryRead(mark, out timestamp);
    }

    /// <summary>Reads the mark of the base64 string value that follows <paramref name="property"/> (e.g. <c>"data":"</c>) in a JSON message.</summary>
    public static bool TryReadJson(ReadOnlySpan<byte> json, ReadOnlySpan<byte> property, out long timestamp)
    {
        var at = json.IndexOf(property);
        timestamp = 0;
        return at >= 0 && TryReadBase64(json[(at + property.Length)..], out timestamp);
    }
}
