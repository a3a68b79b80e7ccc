using System;
using System.Buffers;
using System.Text.Json;
using CsCheck;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

public class AudioAppendFramingTests
{
    [Fact]
    public void WriteAppendEvent_AnyAudio_EqualsUtf8JsonWriterBase64Output()
    {
        Gen.Byte.Array[0, 20_000].Sample(audio =>
        {
            // Arrange
            var expected = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(expected))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "input_audio_buffer.append");
                writer.WriteBase64String("audio", audio);
                writer.WriteEndObject();
            }

            var actual = new ArrayBufferWriter<byte>();

            // Act
            AudioAppendFraming.WriteAppendEvent(actual, audio);

            // Assert
            Assert.Equal(expected.WrittenSpan.ToArray(), actual.WrittenSpan.ToArray());
            Assert.Equal(AudioAppendFraming.GetEventLength(audio.Length), actual.WrittenCount);
        });
    }

    [Fact]
    public void WriteAppendEvent_WriterHandingOutTinySpans_ProducesOneValidBase64String()
    {
        Gen.Select(Gen.Byte.Array[1, 5_000], Gen.Int[4, 64]).Sample((audio, spanSize) =>
        {
            // Arrange
            var expected = new ArrayBufferWriter<byte>();
            AudioAppendFraming.WriteAppendEvent(expected, audio);
            var segmented = new TinySpanWriter(spanSize);

            // Act
            AudioAppendFraming.WriteAppendEvent(segmented, audio);

            // Assert
            Assert.Equal(expected.WrittenSpan.ToArray(), segmented.Written.WrittenSpan.ToArray());
        });
    }

    // Hands out spans no larger than asked-for-or-size, like pipe segments near their end.
    private sealed class TinySpanWriter(int spanSize) : IBufferWriter<byte>
    {
        private byte[] _span = [];

        public ArrayBufferWriter<byte> Written { get; } = new();

        public void Advance(int count) => Written.Write(_span.AsSpan(0, count));

        public Memory<byte> GetMemory(int sizeHint = 0) => _span = new byte[Math.Max(sizeHint, spanSize)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
