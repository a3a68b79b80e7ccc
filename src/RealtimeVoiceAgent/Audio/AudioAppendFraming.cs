using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Text;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// Writes <c>{"type":"input_audio_buffer.append","audio":"&lt;base64&gt;"}</c> straight into an output buffer:
/// the base64 is encoded in place into <see cref="IBufferWriter{T}.GetSpan"/>, so framing allocates nothing.
/// </summary>
/// <remarks>
/// The bytes are identical to what <c>Utf8JsonWriter.WriteBase64String</c> would produce: base64 only uses
/// <c>A–Z a–z 0–9 + / =</c>, none of which JSON requires escaping. (Never pass ready-made base64 to
/// <c>WriteString</c>: its default encoder escapes <c>+</c> as <c>\u002B</c>.)
/// </remarks>
internal static class AudioAppendFraming
{
    // A multiple of 4 output bytes keeps every chunk but the last free of padding (3 input bytes -> 4 output bytes).
    private const int MinimumChunk = 4;

    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8;

    // GPT-Live's append: the same body under another type (live-protocol.md 4).
    private static ReadOnlySpan<byte> LivePrefix => "{\"type\":\"session.input_audio.append\",\"audio\":\""u8;

    private static ReadOnlySpan<byte> Suffix => "\"}"u8;

    /// <summary>The exact length of the event for <paramref name="pcmLength"/> bytes of audio.</summary>
    public static int GetEventLength(int pcmLength) => Prefix.Length + Base64.GetMaxEncodedToUtf8Length(pcmLength) + Suffix.Length;

    /// <summary>Writes one append event for <paramref name="pcm16"/> (raw audio in the session's input format) into <paramref name="output"/>.</summary>
    public static void WriteAppendEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> pcm16) => WriteAppendEvent(output, pcm16, Prefix);

    /// <summary>Writes one GPT-Live <c>session.input_audio.append</c> event for <paramref name="audio"/> into <paramref name="output"/>.</summary>
    public static void WriteLiveAppendEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> audio) => WriteAppendEvent(output, audio, LivePrefix);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteAppendEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> pcm16, ReadOnlySpan<byte> prefix)
    {
        // The whole event usually fits the span the writer hands out (a session buffer or an array writer): one
        // GetSpan/Advance, constant prefix, base64, constant suffix.
        int length = prefix.Length + Base64.GetMaxEncodedToUtf8Length(pcm16.Length) + Suffix.Length;
        Span<byte> whole = output.GetSpan(length);
        if (whole.Length >= length)
        {
            prefix.CopyTo(whole);
            Base64.EncodeToUtf8(pcm16, whole[prefix.Length..], out _, out int encoded);
            Suffix.CopyTo(whole[(prefix.Length + encoded)..]);
            output.Advance(prefix.Length + encoded + Suffix.Length);
            return;
        }

        output.Write(prefix);

        // The output buffer may hand out smaller spans than the whole payload (pipe segments), so encode chunk by chunk;
        // every non-final chunk is a multiple of 3 input bytes, so the chunks concatenate to one valid base64 string.
        while (!pcm16.IsEmpty)
        {
            Span<byte> destination = output.GetSpan(MinimumChunk);
            int inputLength = Math.Min(pcm16.Length, destination.Length / 4 * 3);
            bool isFinalBlock = inputLength == pcm16.Length;
            Base64.EncodeToUtf8(pcm16[..inputLength], destination, out int consumed, out int written, isFinalBlock);
            output.Advance(written);
            pcm16 = pcm16[consumed..];
        }

        output.Write(Suffix);
    }
}
