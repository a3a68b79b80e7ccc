using System;
using System.Buffers;
using System.Linq;
using System.Text;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class AudioDeltaReaderTests
{
    private static readonly byte[] s_pcm = [0xFB, 0xEF, 0xBF, 0xFE, 0x00, 0x10];

    [Fact]
    public void TryRead_AudioDelta_DecodesAudioAndFields()
    {
        // Arrange
        using var reader = new AudioDeltaReader();

        // Act
        bool read = reader.TryRead(Delta(Convert.ToBase64String(s_pcm)));

        // Assert
        Assert.True(read);
        Assert.Equal(s_pcm, reader.Event.Audio.ToArray());
        Assert.Equal(("resp_1", "item_1", 2, 1), (reader.Event.ResponseId, reader.Event.ItemId, reader.Event.OutputIndex, reader.Event.ContentIndex));
        Assert.Equal("event_9", reader.Event.EventId);
    }

    [Fact]
    public void TryRead_TypeAfterOtherFields_StillRecognisesTheDelta()
    {
        // Arrange
        using var reader = new AudioDeltaReader();
        byte[] message = Encoding.UTF8.GetBytes($$"""{"item_id":"item_1","delta":"{{Convert.ToBase64String(s_pcm)}}","extra":{"a":[1,{"b":null}]},"type":"response.output_audio.delta"}""");

        // Act + Assert
        Assert.True(reader.TryRead(message));
        Assert.Equal(s_pcm, reader.Event.Audio.ToArray());
        Assert.Equal("item_1", reader.Event.ItemId);
    }

    [Fact]
    public void TryRead_TrailingDeltaWithWhitespace_DecodesAudio()
    {
        // Arrange: the trailing-delta fast path must accept JSON whitespace around ':' and before '}'
        using var reader = new AudioDeltaReader();
        byte[] message = Encoding.UTF8.GetBytes("{\"type\":\"response.output_audio.delta\",\"item_id\":\"item_1\",\"delta\" :\n \"" + Convert.ToBase64String(s_pcm) + "\"\r\n}");

        // Act + Assert
        Assert.True(reader.TryRead(message));
        Assert.Equal(s_pcm, reader.Event.Audio.ToArray());
        Assert.Equal("item_1", reader.Event.ItemId);
    }

    [Theory]
    [InlineData("{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA")]
    [InlineData("{\"type\":\"response.output_audio.delta\",\"delta\":\"AA!A\"}")]
    public void TryRead_TruncatedOrInvalidTrailingDelta_ReturnsFalse(string json)
    {
        // Arrange
        using var reader = new AudioDeltaReader();

        // Act + Assert
        Assert.False(reader.TryRead(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void TryRead_EscapedBase64_Unescapes()
    {
        // Arrange: '+' and '/' escaped the way some JSON writers do
        using var reader = new AudioDeltaReader();
        string escaped = Convert.ToBase64String(s_pcm).Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);

        // Act + Assert
        Assert.True(reader.TryRead(Delta(escaped)));
        Assert.Equal(s_pcm, reader.Event.Audio.ToArray());
    }

    [Fact]
    public void TryRead_MessageSplitAcrossSegments_DecodesTheSameAudio()
    {
        // Arrange: 3 segments, the cuts falling inside the base64 value
        byte[] pcm = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        byte[] message = Delta(Convert.ToBase64String(pcm));
        ReadOnlySequence<byte> sequence = Segments(message, 100, 1500);
        using var reader = new AudioDeltaReader();

        // Act + Assert
        Assert.True(reader.TryRead(sequence));
        Assert.Equal(pcm, reader.Event.Audio.ToArray());
        Assert.Equal("item_1", reader.Event.ItemId);
    }

    [Fact]
    public void TryRead_MessageLargerThanOneMebibyte_Decodes()
    {
        // Arrange
        byte[] pcm = Enumerable.Range(0, 1_500_000).Select(i => (byte)i).ToArray();
        using var reader = new AudioDeltaReader();

        // Act + Assert
        Assert.True(reader.TryRead(Delta(Convert.ToBase64String(pcm))));
        Assert.True(pcm.AsSpan().SequenceEqual(reader.Event.Audio.Span));
    }

    [Theory]
    [InlineData("""{"type":"response.output_audio_transcript.delta","delta":"AAAA"}""")]
    [InlineData("""{"type":"response.output_audio.delta","delta":"not base64!"}""")]
    [InlineData("""{"type":"response.output_audio.delta","item_id":"x"}""")]
    [InlineData("""{"type":"response.output_audio.delta","delta":"AAAA","output_index":"zero"}""")]
    [InlineData("""{"type":"response.output_audio.delta","delta":""")]
    [InlineData("""[]""")]
    public void TryRead_NotAWellFormedAudioDelta_ReturnsFalse(string json)
    {
        using var reader = new AudioDeltaReader();
        Assert.False(reader.TryRead(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void TryRead_SameIdsAsPreviousDelta_ReusesTheStringsAndTheEvent()
    {
        // Arrange
        using var reader = new AudioDeltaReader();
        reader.TryRead(Delta("AAAA"));
        string responseId = reader.Event.ResponseId!;
        string itemId = reader.Event.ItemId!;
        var firstEvent = reader.Event;

        // Act
        reader.TryRead(Delta("AQID"));
        bool sameStrings = ReferenceEquals(responseId, reader.Event.ResponseId) && ReferenceEquals(itemId, reader.Event.ItemId);
        reader.TryRead(Delta("AQID", itemId: "item_2"));

        // Assert
        Assert.True(sameStrings);
        Assert.Same(firstEvent, reader.Event);
        Assert.Equal("item_2", reader.Event.ItemId);
        Assert.Same(responseId, reader.Event.ResponseId);
    }

    internal static byte[] Delta(string base64, string itemId = "item_1") => Encoding.UTF8.GetBytes(DeltaText(base64, itemId));

    // The layout the service sends ("delta" last, so the reader decodes it straight from the message bytes).
    internal static string DeltaText(string base64, string itemId = "item_1") =>
        $$"""{"type":"response.output_audio.delta","event_id":"event_9","response_id":"resp_1","item_id":"{{itemId}}","output_index":2,"content_index":1,"delta":"{{base64}}"}""";

    private static ReadOnlySequence<byte> Segments(byte[] data, params int[] cuts)
    {
        var first = new Segment(data.AsMemory(0, cuts[0]), 0);
        Segment last = first;
        int start = cuts[0];
        foreach (int cut in cuts.Skip(1).Append(data.Length))
        {
            last = last.Append(data.AsMemory(start, cut - start));
            start = cut;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
