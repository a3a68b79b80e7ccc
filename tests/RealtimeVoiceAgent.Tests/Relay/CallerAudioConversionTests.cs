using System;
using System.Runtime.InteropServices;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>The relay's conversions between a caller transport's formats and the model's PCM16 at 24 kHz.</summary>
public sealed class CallerAudioConversionTests
{
    [Fact]
    public void Inbound_ModelFormat_PassesTheSameMemoryThrough()
    {
        // Arrange
        using var converter = new InboundAudioConverter(CallerAudioFormat.Pcm16At24kHz, CallerAudioFormat.Pcm16At24kHz);
        ReadOnlyMemory<byte> audio = TestAudio.Tone(20);

        // Act
        var converted = converter.Convert(audio);

        // Assert
        Assert.True(converted.Span == audio.Span);
        Assert.Equal(480, converter.CountSamples(audio));
    }

    [Fact]
    public void Inbound_MuLawAt8kHz_IsDecodedAndResampledToThreeTimesTheSamples()
    {
        // Arrange: one second of a tone, μ-law at 8 kHz, in 20 ms frames as a phone line sends it
        using var converter = new InboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.Pcm16At24kHz);
        var tone = MemoryMarshal.Cast<byte, short>(Tone8kHz(1000));
        var muLaw = new byte[tone.Length];
        G711.EncodeMuLaw(tone, muLaw);
        var total = 0;

        // Act
        for (var offset = 0; offset < muLaw.Length; offset += 160)
        {
            total += converter.Convert(muLaw.AsMemory(offset, 160)).Length / 2;
            Assert.Equal(160, converter.CountSamples(muLaw.AsMemory(offset, 160)));
        }

        // Assert: 8000 caller samples become about 24000 model samples (the resampler holds back its filter's delay)
        Assert.InRange(total, 24000 - 200, 24000);
    }

    [Fact]
    public void Outbound_Pcm16At16kHz_WritesTwoThirdsOfTheSamples()
    {
        // Arrange
        using var converter = new OutboundAudioConverter(CallerAudioFormat.Pcm16(16000), CallerAudioFormat.Pcm16At24kHz);
        var model = TestAudio.Tone(1000);
        var destination = new byte[converter.GetMaxOutputBytes(model.Length)];

        // Act
        var written = converter.Convert(model, destination);

        // Assert
        Assert.InRange(written / 2, 16000 - 200, 16000);
    }

    [Fact]
    public void Outbound_MuLaw_WritesOneBytePerSampleAtEightKilohertzThatDecodesBackToTheTone()
    {
        // Arrange
        using var converter = new OutboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.Pcm16At24kHz);
        var model = TestAudio.Tone(1000);
        var destination = new byte[converter.GetMaxOutputBytes(model.Length)];

        // Act
        var written = converter.Convert(model, destination);

        // Assert: 8000 μ-law bytes (minus the filter delay) carrying the tone's energy
        Assert.InRange(written, 8000 - 100, 8000);
        var decoded = new short[written];
        G711.DecodeMuLaw(destination.AsSpan(0, written), decoded);
        double sum = 0;
        foreach (var sample in decoded[200..])
        {
            sum += (double)sample * sample;
        }

        Assert.InRange(Math.Sqrt(sum / (decoded.Length - 200)), 4000, 7000);
    }

    [Fact]
    public void Inbound_G711Passthrough_ReturnsTheCallersBytesUntouched()
    {
        // Arrange: every μ-law code, in a 20 ms frame and more
        using var converter = new InboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.G711MuLaw);
        ReadOnlyMemory<byte> audio = AllByteValues();

        // Act
        var converted = converter.Convert(audio);

        // Assert: the same memory, so the same bytes, not a decoded copy
        Assert.True(converted.Span == audio.Span);
        Assert.Equal(audio.Length, converter.CountSamples(audio));
    }

    [Fact]
    public void Outbound_G711Passthrough_CopiesTheModelsBytesUntouched()
    {
        // Arrange
        using var converter = new OutboundAudioConverter(CallerAudioFormat.G711ALaw, CallerAudioFormat.G711ALaw);
        var model = AllByteValues();
        var destination = new byte[converter.GetMaxOutputBytes(model.Length)];

        // Act
        var written = converter.Convert(model, destination);

        // Assert
        Assert.Equal(model, destination.AsSpan(0, written).ToArray());
    }

    [Theory]
    [InlineData(CallerAudioEncoding.G711MuLaw, CallerAudioEncoding.G711MuLaw, true, "audio/pcmu", 8000)]
    [InlineData(CallerAudioEncoding.G711ALaw, CallerAudioEncoding.G711ALaw, true, "audio/pcma", 8000)]
    [InlineData(CallerAudioEncoding.G711MuLaw, CallerAudioEncoding.G711MuLaw, false, "audio/pcm", 48000)]
    [InlineData(CallerAudioEncoding.G711MuLaw, CallerAudioEncoding.G711ALaw, true, "audio/pcm", 48000)]
    [InlineData(CallerAudioEncoding.Pcm16, CallerAudioEncoding.Pcm16, true, "audio/pcm", 48000)]
    public void ModelAudioFormat_For_PassesG711ThroughOnlyWhenTheCallerSpeaksItBothWays(CallerAudioEncoding input, CallerAudioEncoding output, bool passthrough, string wire, int bytesPerSecond)
    {
        var format = ModelAudioFormat.For(Format(input), Format(output), passthrough);

        Assert.Equal((wire, bytesPerSecond), (format.WireFormat.Value, format.BytesPerSecond));
    }

    private static CallerAudioFormat Format(CallerAudioEncoding encoding) => encoding switch
    {
        CallerAudioEncoding.G711MuLaw => CallerAudioFormat.G711MuLaw,
        CallerAudioEncoding.G711ALaw => CallerAudioFormat.G711ALaw,
        _ => CallerAudioFormat.Pcm16(48000),
    };

    private static byte[] AllByteValues()
    {
        var bytes = new byte[512];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    [Fact]
    public void Pcm16_UnsupportedRate_ThrowsNamingTheSupportedRates()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CallerAudioFormat.Pcm16(12345));

        Assert.Contains("48000", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Tone8kHz(int milliseconds)
    {
        var samples = new short[8 * milliseconds];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 300 * i / 8000.0));
        }

        return MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
    }
}
