using System;
using System.Runtime.CompilerServices;
using System.Buffers;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// Matches the exact layout in which the service sends <c>response.output_audio.delta</c>:
/// <c>{"type":"response.output_audio.delta","event_id":"…","response_id":"…","item_id":"…","output_index":N,"content_index":N,"delta":"…"}</c>
/// with no whitespace, plain printable-ASCII ids and small non-negative indexes.
/// </summary>
/// <remarks>
/// Comparing a few constant byte runs is far cheaper than tokenising the same 14 tokens with <c>Utf8JsonReader</c>.
/// Everything the match accepts is checked to be well-formed JSON; anything else (another order, whitespace, escapes,
/// non-ASCII ids, other properties) is reported as no match and goes to the reader.
/// </remarks>
internal static class ServiceAudioDeltaLayout
{
    // Printable ASCII except '"' and '\': what an id may contain without escapes or a UTF-8 check.
    private static readonly SearchValues<byte> s_plainStringBytes = SearchValues.Create(
        "\u0020!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    private static ReadOnlySpan<byte> Start => "{\"type\":\"response.output_audio.delta\",\"event_id\":\""u8;

    private static ReadOnlySpan<byte> ResponseIdName => "\",\"response_id\":\""u8;

    private static ReadOnlySpan<byte> ItemIdName => "\",\"item_id\":\""u8;

    private static ReadOnlySpan<byte> OutputIndexName => "\",\"output_index\":"u8;

    private static ReadOnlySpan<byte> ContentIndexName => ",\"content_index\":"u8;

    private static ReadOnlySpan<byte> DeltaName => ",\"delta\":\""u8;

    /// <summary>Matches the start of the message up to the end of the event id.</summary>
    /// <param name="message">One complete message.</param>
    /// <param name="eventId">The event id; points into <paramref name="message"/>.</param>
    /// <param name="fieldsStart">The index of the byte after the event id: the quote that closes it.</param>
    /// <returns><see langword="false"/> when the message starts any other way.</returns>
    public static bool TryMatchEventId(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> eventId, out int fieldsStart)
    {
        fieldsStart = -1;
        ReadOnlySpan<byte> rest = message;
        if (!TrySkip(ref rest, Start) || !TryReadPlainString(ref rest, out eventId))
        {
            eventId = default;
            return false;
        }

        fieldsStart = message.Length - rest.Length;
        return true;
    }

    /// <summary>
    /// Matches the fields between the event id and the audio:
    /// <c>","response_id":"…","item_id":"…","output_index":N,"content_index":N,"delta":"</c>.
    /// </summary>
    /// <param name="rest">The message from the quote that closes the event id.</param>
    /// <param name="fields">The fields; the id spans point into <paramref name="rest"/>.</param>
    /// <param name="length">How many bytes the fields take, up to and including the opening quote of the audio.</param>
    /// <returns><see langword="false"/> when the fields are laid out any other way.</returns>
    public static bool TryMatchFields(ReadOnlySpan<byte> rest, out ServiceAudioDeltaFields fields, out int length)
    {
        fields = default;
        length = -1;
        ReadOnlySpan<byte> remaining = rest;
        if (!TrySkip(ref remaining, ResponseIdName)
            || !TryReadPlainString(ref remaining, out ReadOnlySpan<byte> responseId)
            || !TrySkip(ref remaining, ItemIdName)
            || !TryReadPlainString(ref remaining, out ReadOnlySpan<byte> itemId)
            || !TrySkip(ref remaining, OutputIndexName)
            || !TryReadIndex(ref remaining, out int outputIndex)
            || !TrySkip(ref remaining, ContentIndexName)
            || !TryReadIndex(ref remaining, out int contentIndex)
            || !TrySkip(ref remaining, DeltaName))
        {
            return false;
        }

        fields = new ServiceAudioDeltaFields(responseId, itemId, outputIndex, contentIndex);
        length = rest.Length - remaining.Length;
        return true;
    }

    private static bool TrySkip(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> expected)
    {
        if (!rest.StartsWith(expected))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }

    // Reads up to (not including) the closing quote; ids are short, plain ASCII in practice.
    private static bool TryReadPlainString(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value)
    {
        int end = rest.IndexOfAnyExcept(s_plainStringBytes);
        if (end < 0 || rest[end] != (byte)'"')
        {
            value = default;
            return false;
        }

        value = rest[..end];
        rest = rest[end..];
        return true;
    }

    // A JSON integer without sign, exponent or leading zeros, at most 9 digits (so it fits an int).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadIndex(ref ReadOnlySpan<byte> rest, out int value)
    {
        value = 0;
        int digits = 0;
        while (digits < rest.Length && rest[digits] - (uint)'0' <= 9)
        {
            digits++;
        }

        if (digits == 0 || digits > 9 || (digits > 1 && rest[0] == (byte)'0'))
        {
            return false;
        }

        foreach (byte digit in rest[..digits])
        {
            value = (value * 10) + (digit - '0');
        }

        rest = rest[digits..];
        return true;
    }
}
