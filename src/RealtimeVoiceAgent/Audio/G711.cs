using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// ITU-T G.711 mu-law and A-law companding between 16-bit linear PCM and 8-bit code words, as used by
/// telephony callers and the Realtime API's <c>audio/pcmu</c> and <c>audio/pcma</c> formats.
/// </summary>
/// <remarks>
/// <para>
/// Encoding and decoding are single table look-ups. The tables are built once from the ITU-T G.191 reference
/// algorithm (<c>ulaw_compress</c>/<c>alaw_compress</c> and their expanders): mu-law works on the top 14 bits
/// of the sample and A-law on the top 13, negative samples are quantised by their ones' complement, and the
/// decoded values are the reference decoder's outputs scaled to 16 bits (mu-law up to 32124, A-law up to 32256).
/// </para>
/// <para>All members are thread-safe and allocation-free.</para>
/// </remarks>
public static class G711
{
    // Mu-law codes depend only on sample >> 2 and A-law codes only on sample >> 4, so the encode tables are
    // indexed by the top 14 and 12 bits of the sample (16 KiB and 4 KiB).
    private static readonly byte[] s_muLawEncode = BuildMuLawEncodeTable();
    private static readonly byte[] s_aLawEncode = BuildALawEncodeTable();
    private static readonly short[] s_muLawDecode = BuildDecodeTable(ExpandMuLaw);
    private static readonly short[] s_aLawDecode = BuildDecodeTable(ExpandALaw);

    /// <summary>Encodes one linear sample as a mu-law code word.</summary>
    /// <param name="sample">The 16-bit linear sample.</param>
    /// <returns>The mu-law code word (silence is 0xFF).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte EncodeMuLaw(short sample) => s_muLawEncode[(ushort)sample >> 2];

    /// <summary>Decodes one mu-law code word to a linear sample.</summary>
    /// <param name="code">The mu-law code word.</param>
    /// <returns>The 16-bit linear sample, between -32124 and 32124.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short DecodeMuLaw(byte code) => s_muLawDecode[code];

    /// <summary>Encodes one linear sample as an A-law code word.</summary>
    /// <param name="sample">The 16-bit linear sample.</param>
    /// <returns>The A-law code word (silence is 0xD5).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte EncodeALaw(short sample) => s_aLawEncode[(ushort)sample >> 4];

    /// <summary>Decodes one A-law code word to a linear sample.</summary>
    /// <param name="code">The A-law code word.</param>
    /// <returns>The 16-bit linear sample, between -32256 and 32256.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short DecodeALaw(byte code) => s_aLawDecode[code];

    /// <summary>Encodes linear samples as mu-law code words, one byte per sample.</summary>
    /// <param name="source">The 16-bit linear samples.</param>
    /// <param name="destination">Where to write the code words; at least as long as <paramref name="source"/>.</param>
    /// <returns>The number of bytes written, which is <paramref name="source"/>'s length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static int EncodeMuLaw(ReadOnlySpan<short> source, Span<byte> destination) =>
        Encode(source, destination, s_muLawEncode, 2);

    /// <summary>Decodes mu-law code words to linear samples.</summary>
    /// <param name="source">The mu-law code words.</param>
    /// <param name="destination">Where to write the samples; at least as long as <paramref name="source"/>.</param>
    /// <returns>The number of samples written, which is <paramref name="source"/>'s length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static int DecodeMuLaw(ReadOnlySpan<byte> source, Span<short> destination) =>
        Decode(source, destination, s_muLawDecode);

    /// <summary>Encodes linear samples as A-law code words, one byte per sample.</summary>
    /// <param name="source">The 16-bit linear samples.</param>
    /// <param name="destination">Where to write the code words; at least as long as <paramref name="source"/>.</param>
    /// <returns>The number of bytes written, which is <paramref name="source"/>'s length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static int EncodeALaw(ReadOnlySpan<short> source, Span<byte> destination) =>
        Encode(source, destination, s_aLawEncode, 4);

    /// <summary>Decodes A-law code words to linear samples.</summary>
    /// <param name="source">The A-law code words.</param>
    /// <param name="destination">Where to write the samples; at least as long as <paramref name="source"/>.</param>
    /// <returns>The number of samples written, which is <paramref name="source"/>'s length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static int DecodeALaw(ReadOnlySpan<byte> source, Span<short> destination) =>
        Decode(source, destination, s_aLawDecode);

    // A per-frame loop: optimised from the first call (docs/architecture.md, "Compiled optimised from the first frame").
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Encode(ReadOnlySpan<short> source, Span<byte> destination, byte[] table, int shift)
    {
        if (destination.Length < source.Length)
        {
            AudioThrowHelper.ThrowOutputTooSmall(nameof(destination), source.Length);
        }

        ref byte lookup = ref MemoryMarshal.GetArrayDataReference(table);
        for (int i = 0; i < source.Length; i++)
        {
            // (ushort)sample >> shift is always inside the table, which has 65536 >> shift entries.
            destination[i] = Unsafe.Add(ref lookup, (ushort)source[i] >> shift);
        }

        return source.Length;
    }

    // A per-frame loop: optimised from the first call (docs/architecture.md, "Compiled optimised from the first frame").
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Decode(ReadOnlySpan<byte> source, Span<short> destination, short[] table)
    {
        if (destination.Length < source.Length)
        {
            AudioThrowHelper.ThrowOutputTooSmall(nameof(destination), source.Length);
        }

        ref short lookup = ref MemoryMarshal.GetArrayDataReference(table);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = Unsafe.Add(ref lookup, source[i]);
        }

        return source.Length;
    }

    private static byte[] BuildMuLawEncodeTable()
    {
        var table = new byte[1 << 14];
        for (int index = 0; index < table.Length; index++)
        {
            table[index] = CompressMuLaw((short)(index << 2));
        }

        return table;
    }

    private static byte[] BuildALawEncodeTable()
    {
        var table = new byte[1 << 12];
        for (int index = 0; index < table.Length; index++)
        {
            table[index] = CompressALaw((short)(index << 4));
        }

        return table;
    }

    private static short[] BuildDecodeTable(Func<byte, short> expand)
    {
        var table = new short[256];
        for (int code = 0; code < table.Length; code++)
        {
            table[code] = expand((byte)code);
        }

        return table;
    }

    // ITU-T G.191 ulaw_compress: 14-bit magnitude (ones' complement for negatives) plus the bias of 33,
    // segment = position of the leading one, then the code word is inverted.
    private static byte CompressMuLaw(short sample)
    {
        int magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + 33;
        magnitude = Math.Min(magnitude, 0x1FFF);
        int segment = 1;
        for (int i = magnitude >> 6; i != 0; i >>= 1)
        {
            segment++;
        }

        int highNibble = 8 - segment;
        int lowNibble = 0x0F - ((magnitude >> segment) & 0x0F);
        int code = (highNibble << 4) | lowNibble;
        return (byte)(sample >= 0 ? code | 0x80 : code);
    }

    // ITU-T G.191 ulaw_expand.
    private static short ExpandMuLaw(byte code)
    {
        int sign = code < 0x80 ? -1 : 1;
        int complement = ~code;
        int exponent = (complement >> 4) & 0x07;
        int mantissa = complement & 0x0F;
        int step = 4 << (exponent + 1);
        return (short)(sign * ((0x80 << exponent) + (step * mantissa) + (step / 2) - (4 * 33)));
    }

    // ITU-T G.191 alaw_compress: 12-bit magnitude (ones' complement for negatives), segments of 16 steps,
    // even bits inverted (XOR 0x55).
    private static byte CompressALaw(short sample)
    {
        int magnitude = sample < 0 ? ~sample >> 4 : sample >> 4;
        if (magnitude > 15)
        {
            int exponent = 1;
            while (magnitude > 16 + 15)
            {
                magnitude >>= 1;
                exponent++;
            }

            magnitude -= 16;
            magnitude += exponent << 4;
        }

        if (sample >= 0)
        {
            magnitude |= 0x80;
        }

        return (byte)(magnitude ^ 0x55);
    }

    // ITU-T G.191 alaw_expand.
    private static short ExpandALaw(byte code)
    {
        int value = (code ^ 0x55) & 0x7F;
        int exponent = value >> 4;
        int mantissa = value & 0x0F;
        if (exponent > 0)
        {
            mantissa += 16;
        }

        mantissa = (mantissa << 4) + 0x08;
        if (exponent > 1)
        {
            mantissa <<= exponent - 1;
        }

        return (short)(code > 0x7F ? mantissa : -mantissa);
    }
}
