using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

// The delta reader reads the fields with Utf8JsonReader and, when "delta" ends the message, decodes its base64 straight
// from the message bytes up to the closing quote. Each case here is checked against an independent reference
// (JsonDocument + base64), so neither way can accept what the reference rejects or differ in what it reads.
public class AudioDeltaReaderReferenceTests
{
    private static readonly string[] s_serviceProperties =
    [
        "\"type\":\"response.output_audio.delta\"",
        "\"event_id\":\"event_9\"",
        "\"response_id\":\"resp_1\"",
        "\"item_id\":\"item_1\"",
        "\"output_index\":2",
        "\"content_index\":1",
        "\"delta\":\"+/8AAQ==\"",
    ];

    public static TheoryData<string> InvalidValues => new()
    {
        "AA!A",
        "AAAA!AAA",
        "AA=A",
        "AAAA=AAA",
        "QQ==QUJD",
        "QQ=",
        "QQ",
        "QUJDRA",
        "QUJDREU",
        "A",
        "====",
        "AA\\\"A",
        "AAAA\\\"",
        "\\\"AAAA",
        "AA\nAA",
        "AAAA\tAAAA",
        "AAAA\n",
        "\r\nAAAA",
        "AA\u0001A",
        "AAAA\\u0000",
        "AAAA\\",
        "AA\\x41A",
        "AAAA\u00e9",
    };

    public static TheoryData<string> ValidOddValues => new()
    {
        "AA\\/A",
        "\\u0041AAA",
        "AAAA\\u002B\\/8=",
        "AA AA",
        "AAAA ",
        " AAAA",
    };

    public static TheoryData<string> OddIndexes => new()
    {
        "0",
        "7",
        "123456789",
        "2147483647",
        "-1",
        "01",
        "00",
        "1.0",
        "1e2",
        "9999999999",
        "99999999999999999999",
        "\"1\"",
        "null",
        "true",
        "-",
        "",
    };

    public static TheoryData<string> OddIds => new()
    {
        "",
        "a b",
        "id\\\"quoted",
        "id\\\\slash",
        "id\\u0041",
        "caf\u00e9",
        "tab\there",
        "nl\nhere",
        "ctl\u0001here",
        "del\u007Fhere",
        "brace}",
        "quote\"",
    };

    [Fact]
    public void TryRead_EveryAudioLengthUpTo100_DecodesLikeTheReference()
    {
        var random = new Random(17);
        for (int length = 0; length <= 100; length++)
        {
            // Arrange: lengths 0..100 end the base64 with no padding, '=' and "=="
            byte[] pcm = new byte[length];
            random.NextBytes(pcm);

            // Act + Assert
            AssertMatchesReference(AudioDeltaReaderTests.Delta(Convert.ToBase64String(pcm)), expectAccepted: true);
        }
    }

    [Fact]
    public void TryRead_EveryPropertyOrder_ReadsLikeTheReference()
    {
        using var reader = new AudioDeltaReader();
        foreach (IReadOnlyList<string> order in Permutations(s_serviceProperties))
        {
            // Arrange
            byte[] message = Encoding.UTF8.GetBytes("{" + string.Join(',', order) + "}");

            // Act + Assert
            AssertMatchesReference(reader, message, expectAccepted: true);
        }
    }

    [Fact]
    public void TryRead_WhitespaceAtAnyTokenBoundary_ReadsLikeTheReference()
    {
        // Arrange: the service layout with whitespace inserted at one token boundary at a time
        string compact = "{" + string.Join(',', s_serviceProperties) + "}";
        int[] boundaries = TokenBoundaries(compact).ToArray();
        Assert.True(boundaries.Length > 20);
        using var reader = new AudioDeltaReader();
        foreach (int boundary in boundaries)
        {
            foreach (string whitespace in new[] { " ", "\t", "\r\n", " \n " })
            {
                byte[] message = Encoding.UTF8.GetBytes(compact.Insert(boundary, whitespace));

                // Act + Assert
                AssertMatchesReference(reader, message, expectAccepted: true);
            }
        }
    }

    [Fact]
    public void TryRead_TruncatedAnywhere_ReturnsFalse()
    {
        // Arrange
        byte[] message = AudioDeltaReaderTests.Delta(Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }));
        using var reader = new AudioDeltaReader();

        for (int length = 0; length < message.Length; length++)
        {
            // Act + Assert
            Assert.False(reader.TryRead(message.AsSpan(0, length)), $"accepted the first {length} bytes");
        }

        Assert.True(reader.TryRead(message));
    }

    [Theory]
    [InlineData("}")]
    [InlineData("}}")]
    [InlineData("},")]
    [InlineData("}x")]
    [InlineData("")]
    [InlineData(",}")]
    [InlineData(",\"extra\":1}")]
    [InlineData("} ")]
    [InlineData(" }\n")]
    public void TryRead_OtherEndings_ReadsLikeTheReference(string ending)
    {
        // Arrange
        byte[] message = AudioDeltaReaderTests.Delta("+/8AAQ==");
        byte[] changed = [.. message.AsSpan(0, message.Length - 1), .. Encoding.UTF8.GetBytes(ending)];

        // Act + Assert
        AssertMatchesReference(changed, expectAccepted: ending.Trim() is "}" || ending.StartsWith(",\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void TryRead_InvalidValue_ReturnsFalse(string value)
    {
        // Arrange: invalid base64, a quote or backslash inside the value, raw control characters (invalid JSON)
        using var reader = new AudioDeltaReader();

        // Act + Assert
        Assert.False(reader.TryRead(AudioDeltaReaderTests.Delta(value)));
        Assert.False(reader.TryRead(DeltaNotLast(value)));
        Assert.False(Reference(AudioDeltaReaderTests.Delta(value)).Accepted);
    }

    [Fact]
    public void TryRead_OddByteAnywhereInALongValue_ReadsLikeTheReference()
    {
        // Arrange: a 400-character value (long enough for the vectorised decode loops) with one odd byte or escape
        // inserted at every position, in the service layout and with "delta" not last
        byte[] pcm = new byte[300];
        new Random(5).NextBytes(pcm);
        string base64 = Convert.ToBase64String(pcm);
        using var reader = new AudioDeltaReader();
        foreach (string odd in new[] { "!", "\\\"", "\n", "=", " ", "\\/", "\\" })
        {
            for (int at = 0; at <= base64.Length; at++)
            {
                string value = base64.Insert(at, odd);

                // Act + Assert
                AssertMatchesReference(reader, AudioDeltaReaderTests.Delta(value), expectAccepted: null);
                AssertMatchesReference(reader, DeltaNotLast(value), expectAccepted: null);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValidOddValues))]
    public void TryRead_EscapedOrSpacedValue_DecodesLikeTheReference(string value)
    {
        // Arrange: valid JSON strings the trailing-delta decode leaves to the reader (escapes, spaces inside base64)
        byte[] message = AudioDeltaReaderTests.Delta(value);

        // Act + Assert
        AssertMatchesReference(message, expectAccepted: true);
        AssertMatchesReference(DeltaNotLast(value), expectAccepted: true);
    }

    [Theory]
    [MemberData(nameof(OddIndexes))]
    public void TryRead_AnyIndexText_ReadsLikeTheReference(string index)
    {
        // Arrange
        byte[] output = Encoding.UTF8.GetBytes(AudioDeltaReaderTests.DeltaText("AAAA").Replace("\"output_index\":2", "\"output_index\":" + index, StringComparison.Ordinal));
        byte[] content = Encoding.UTF8.GetBytes(AudioDeltaReaderTests.DeltaText("AAAA").Replace("\"content_index\":1", "\"content_index\":" + index, StringComparison.Ordinal));

        // Act + Assert
        AssertMatchesReference(output, expectAccepted: null);
        AssertMatchesReference(content, expectAccepted: null);
    }

    [Theory]
    [MemberData(nameof(OddIds))]
    public void TryRead_AnyIdText_ReadsLikeTheReference(string id)
    {
        // Arrange: each id in turn; escaped, non-ASCII, control characters (invalid), and an unescaped quote (invalid)
        string text = AudioDeltaReaderTests.DeltaText("AAAA");
        foreach (string original in new[] { "\"event_9\"", "\"resp_1\"", "\"item_1\"" })
        {
            byte[] message = Encoding.UTF8.GetBytes(text.Replace(original, "\"" + id + "\"", StringComparison.Ordinal));

            // Act + Assert
            AssertMatchesReference(message, expectAccepted: null);
        }
    }

    [Fact]
    public void TryRead_OtherType_ReturnsFalse()
    {
        // Arrange
        byte[] message = Encoding.UTF8.GetBytes(AudioDeltaReaderTests.DeltaText("AAAA").Replace("response.output_audio.delta", "response.output_audio.deltas", StringComparison.Ordinal));
        using var reader = new AudioDeltaReader();

        // Act + Assert
        Assert.False(reader.TryRead(message));
    }

    [Fact]
    public void TryRead_DeltaWithoutEventIdBetweenOthers_KeepsNoStaleEventId()
    {
        // Arrange: a delta without event_id, then one in the service's layout, then the first again
        using var reader = new AudioDeltaReader();
        byte[] withoutEventId = Encoding.UTF8.GetBytes("""{"type":"response.output_audio.delta","item_id":"item_7","delta":"AQID"}""");

        // Act
        Assert.True(reader.TryRead(withoutEventId));
        string? firstEventId = reader.Event.EventId;
        Assert.True(reader.TryRead(AudioDeltaReaderTests.Delta("AAAA")));
        string? secondEventId = reader.Event.EventId;
        string? secondItemId = reader.Event.ItemId;
        Assert.True(reader.TryRead(withoutEventId));

        // Assert
        Assert.Null(firstEventId);
        Assert.Equal(("event_9", "item_1"), (secondEventId, secondItemId));
        Assert.Null(reader.Event.EventId);
        Assert.Equal("item_7", reader.Event.ItemId);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Event.Audio.ToArray());
    }

    [Fact]
    public void TryRead_OneReaderThroughChangingFields_ReadsEachLikeTheReference()
    {
        // Arrange: one reader through a run of deltas, each read twice with different audio, so that every delta after
        // the first meets the ids the reader remembered from the one before (Utf8StringCache) and the event it reuses:
        // each field changed (ids that extend or cut the previous one, escaped, non-ASCII or broken ids, other index
        // texts, other property names), then changed back, with "delta" not last in between.
        string text = AudioDeltaReaderTests.DeltaText("AAAA");
        (string Original, string[] Replacements)[] changes =
        [
            ("\"resp_1\"", ["\"resp_12\"", "\"resp_\"", "\"resp_1\\u0041\"", "\"résp_1\"", "\"resp_1\""]),
            ("\"item_1\"", ["\"item_10\"", "\"item_\"", "\"item_1\\\"\"", "\"item_\u0001\"", "\"item_1\""]),
            ("\"output_index\":2", ["\"output_index\":21", "\"output_index\":02", "\"output_index\":2.0", "\"output_index\":2"]),
            ("\"content_index\":1", ["\"content_index\":10", "\"content_index\":-1", "\"content_index\":1"]),
            (",\"delta\":\"", [", \"delta\":\"", ",\"delta\" :\"", ",\"audio\":\"", ",\"delta\":A", ",\"delta\"AA", ",\"delta\":\""]),
        ];
        var messages = new List<string> { text };
        foreach ((string original, string[] replacements) in changes)
        {
            messages.AddRange(replacements.Select(replacement => text.Replace(original, replacement, StringComparison.Ordinal)));
            messages.Add(Encoding.UTF8.GetString(DeltaNotLast("AAAA")));
        }

        using var reader = new AudioDeltaReader();
        foreach (string message in messages)
        {
            // Act + Assert
            AssertMatchesReference(reader, Encoding.UTF8.GetBytes(message), expectAccepted: null);
            AssertMatchesReference(reader, Encoding.UTF8.GetBytes(message.Replace("\"delta\":\"AAAA\"", "\"delta\":\"AQIDBA==\"", StringComparison.Ordinal)), expectAccepted: null);
        }
    }

    // The service's layout with "delta" moved before the ids, so the value is not the last property.
    private static byte[] DeltaNotLast(string value) =>
        Encoding.UTF8.GetBytes($$"""{"type":"response.output_audio.delta","delta":"{{value}}","event_id":"event_9","response_id":"resp_1","item_id":"item_1","output_index":2,"content_index":1}""");

    private static void AssertMatchesReference(byte[] message, bool? expectAccepted)
    {
        using var reader = new AudioDeltaReader();
        AssertMatchesReference(reader, message, expectAccepted);
    }

    private static void AssertMatchesReference(AudioDeltaReader reader, byte[] message, bool? expectAccepted)
    {
        ReferenceDelta expected = Reference(message);
        if (expectAccepted is bool accepted)
        {
            Assert.True(accepted == expected.Accepted, "reference verdict differs from the test's expectation: " + Encoding.UTF8.GetString(message));
        }

        bool read = reader.TryRead(message);
        Assert.True(read == expected.Accepted, $"reader returned {read} for: {Encoding.UTF8.GetString(message)}");
        if (!read)
        {
            return;
        }

        Assert.Equal(expected.Audio, reader.Event.Audio.ToArray());
        Assert.Equal(
            (expected.ResponseId, expected.ItemId, expected.OutputIndex, expected.ContentIndex),
            (reader.Event.ResponseId, reader.Event.ItemId, reader.Event.OutputIndex, reader.Event.ContentIndex));
        if (expected.EventId is not null)
        {
            Assert.Equal(expected.EventId, reader.Event.EventId);
        }
    }

    // What the reader must accept, from an independent parser: well-formed JSON, an object whose "type" is the audio
    // delta, a base64 string "delta", string-or-null ids and int indexes when present. EventId is given only when the
    // raw value has no escapes (the reader keeps only unescaped event ids).
    private static ReferenceDelta Reference(byte[] message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String || type.GetString() != "response.output_audio.delta"
                || !root.TryGetProperty("delta", out JsonElement delta) || delta.ValueKind != JsonValueKind.String || !delta.TryGetBytesFromBase64(out byte[]? audio))
            {
                return default;
            }

            if (!TryIndex(root, "output_index", out int outputIndex) || !TryIndex(root, "content_index", out int contentIndex)
                || !TryId(root, "response_id", out string? responseId) || !TryId(root, "item_id", out string? itemId))
            {
                return default;
            }

            string? eventId = root.TryGetProperty("event_id", out JsonElement id) && id.ValueKind == JsonValueKind.String && !id.GetRawText().Contains('\\', StringComparison.Ordinal)
                ? id.GetString()
                : null;
            return new ReferenceDelta(true, responseId, itemId, outputIndex, contentIndex, eventId, audio);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static bool TryIndex(JsonElement root, string name, out int value)
    {
        value = 0;
        return !root.TryGetProperty(name, out JsonElement element) || (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value));
    }

    private static bool TryId(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return element.ValueKind == JsonValueKind.String;
    }

    // Positions between JSON tokens of a compact message (outside strings): after '{' ',' ':' and before ',' ':' '}'.
    private static IEnumerable<int> TokenBoundaries(string json)
    {
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (c == '"' && (i == 0 || json[i - 1] != '\\'))
            {
                inString = !inString;
                continue;
            }

            if (!inString && c is '{' or ',' or ':' or '}')
            {
                yield return i;
                yield return i + 1;
            }
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Permutations(IReadOnlyList<string> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Count; i++)
        {
            string first = items[i];
            List<string> rest = items.Where((_, j) => j != i).ToList();
            foreach (IReadOnlyList<string> tail in Permutations(rest))
            {
                yield return [first, .. tail];
            }
        }
    }

    private readonly record struct ReferenceDelta(bool Accepted, string? ResponseId, string? ItemId, int OutputIndex, int ContentIndex, string? EventId, byte[]? Audio);
}
