using System;
using System.Buffers;
using System.Buffers.Text;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// Decodes a JSON string value holding base64 straight from the message bytes, finding the closing quote as part of
/// the decode instead of scanning the value for it first.
/// </summary>
internal static class JsonBase64Value
{
    /// <summary>
    /// Decodes the base64 of a string value that starts at <paramref name="value"/> (the byte after the opening quote).
    /// </summary>
    /// <param name="value">The bytes from just after the opening quote to the end of the message.</param>
    /// <param name="destination">At least <c>Base64.GetMaxDecodedFromUtf8Length(value.Length)</c> bytes.</param>
    /// <param name="length">The index of the closing quote in <paramref name="value"/>.</param>
    /// <param name="written">The decoded length.</param>
    /// <returns>
    /// <see langword="true"/> only for a value made of whole, padded base64 blocks without whitespace or escapes; then
    /// every byte before the closing quote is a base64 character (so the string is valid JSON). <see langword="false"/>
    /// for anything else (escapes, whitespace, invalid base64, no closing quote): the caller takes its general path.
    /// </returns>
    public static bool TryDecode(ReadOnlySpan<byte> value, Span<byte> destination, out int length, out int written)
    {
        length = -1;

        // Not the final block: the decoder converts whole 4-byte blocks and stops at the first block it cannot take,
        // which for a well-formed value is the one holding the closing quote (or the padded last block).
        Base64.DecodeFromUtf8(value, destination, out int consumed, out written, isFinalBlock: false);

        // The decoder skips whitespace; raw control characters are not allowed in a JSON string, so leave those to the
        // general path (which rejects them) rather than accept them here.
        if (consumed != written / 3 * 4)
        {
            return false;
        }

        // What is left before the quote is the last block: empty, or 4 characters ending in '=' or "==".
        ReadOnlySpan<byte> rest = value[consumed..];
        int quote = rest[..Math.Min(rest.Length, 5)].IndexOf((byte)'"');
        if (quote < 0)
        {
            return false;
        }

        if (quote > 0)
        {
            ReadOnlySpan<byte> lastBlock = rest[..quote];
            if (lastBlock.ContainsAny(Whitespace)
                || Base64.DecodeFromUtf8(lastBlock, destination[written..], out int lastConsumed, out int lastWritten) != OperationStatus.Done
                || lastConsumed != quote)
            {
                return false;
            }

            written += lastWritten;
        }

        length = consumed + quote;
        return true;
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;
}
