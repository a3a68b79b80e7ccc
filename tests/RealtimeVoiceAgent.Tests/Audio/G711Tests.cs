using System;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

public class G711Tests
{
    // ITU-T G.711 Table 2a (mu-law): 14-bit decoder outputs at the start of each segment and the end of segment 1,
    // scaled by 4 to 16 bits.
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0xF0, 30 * 4)]
    [InlineData(0xEF, 33 * 4)]
    [InlineData(0xDF, 99 * 4)]
    [InlineData(0xCF, 231 * 4)]
    [InlineData(0xBF, 495 * 4)]
    [InlineData(0xAF, 1023 * 4)]
    [InlineData(0x9F, 2079 * 4)]
    [InlineData(0x8F, 4191 * 4)]
    [InlineData(0x80, 8031 * 4)]
    [InlineData(0x00, -8031 * 4)]
    [InlineData(0x6F, -33 * 4)]
    public void DecodeMuLaw_ReferenceCodeWords_ReturnsItuValues(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeMuLaw((byte)code));

    // ITU-T G.711 Table 1a (A-law): 13-bit decoder outputs at the start of each segment and the maximum, scaled by 8.
    [Theory]
    [InlineData(0xD5, 1 * 8)]
    [InlineData(0xC5, 33 * 8)]
    [InlineData(0xF5, 66 * 8)]
    [InlineData(0xE5, 132 * 8)]
    [InlineData(0x95, 264 * 8)]
    [InlineData(0x85, 528 * 8)]
    [InlineData(0xB5, 1056 * 8)]
    [InlineData(0xA5, 2112 * 8)]
    [InlineData(0xAA, 4032 * 8)]
    [InlineData(0x55, -1 * 8)]
    [InlineData(0x2A, -4032 * 8)]
    public void DecodeALaw_ReferenceCodeWords_ReturnsItuValues(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeALaw((byte)code));

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(30 * 4, 0xF0)]
    [InlineData(31 * 4, 0xEF)]
    [InlineData(95 * 4, 0xDF)]
    [InlineData(8159 * 4, 0x80)]
    [InlineData(short.MaxValue, 0x80)]
    [InlineData(short.MinValue, 0x00)]
    public void EncodeMuLaw_ReferenceInputs_ReturnsItuCodeWords(int sample, int expected) =>
        Assert.Equal(expected, G711.EncodeMuLaw((short)sample));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(15, 0xD5)]
    [InlineData(16, 0xD4)]
    [InlineData(32 * 8, 0xC5)]
    [InlineData(short.MaxValue, 0xAA)]
    [InlineData(short.MinValue, 0x2A)]
    public void EncodeALaw_ReferenceInputs_ReturnsItuCodeWords(int sample, int expected) =>
        Assert.Equal(expected, G711.EncodeALaw((short)sample));

    [Fact]
    public void DecodeMuLaw_AllCodes_MatchesStandardFormula()
    {
        for (int code = 0; code < 256; code++)
        {
            // The textbook expansion (CCITT/Sun g711.c): ((mantissa << 3) + 0x84) << segment, minus the bias 0x84.
            int inverted = ~code & 0xFF;
            int t = (((inverted & 0x0F) << 3) + 0x84) << ((inverted & 0x70) >> 4);
            int expected = (inverted & 0x80) != 0 ? 0x84 - t : t - 0x84;
            Assert.Equal(expected, G711.DecodeMuLaw((byte)code));
        }
    }

    [Fact]
    public void DecodeALaw_AllCodes_MatchesStandardFormula()
    {
        for (int code = 0; code < 256; code++)
        {
            // The textbook expansion (CCITT/Sun g711.c): mantissa << 4 plus half a step, shifted by the segment.
            int value = code ^ 0x55;
            int t = (value & 0x0F) << 4;
            int segment = (value & 0x70) >> 4;
            t = segment switch
            {
                0 => t + 8,
                1 => t + 0x108,
                _ => (t + 0x108) << (segment - 1),
            };
            int expected = (value & 0x80) != 0 ? t : -t;
            Assert.Equal(expected, G711.DecodeALaw((byte)code));
        }
    }

    [Fact]
    public void MuLaw_AllInputs_RoundTripWithinHalfAStep()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            byte code = G711.EncodeMuLaw((short)sample);
            int decoded = G711.DecodeMuLaw(code);
            // Step of the code's segment, in 16-bit units: 8 << exponent. Above 32635 the input overloads the
            // quantiser and decodes to the top level.
            int exponent = (~code >> 4) & 0x07;
            int halfStep = (8 << exponent) / 2;
            if (Math.Abs(sample) <= 32635)
            {
                Assert.True(Math.Abs(decoded - sample) <= halfStep, $"{sample} -> 0x{code:X2} -> {decoded}");
            }
            else
            {
                Assert.Equal(Math.Sign(sample) * 32124, decoded);
            }
        }
    }

    [Fact]
    public void ALaw_AllInputs_RoundTripWithinHalfAStep()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            byte code = G711.EncodeALaw((short)sample);
            int decoded = G711.DecodeALaw(code);
            // Step of the code's segment, in 16-bit units: 16 in segments 0 and 1, doubling after that.
            int segment = ((code ^ 0x55) >> 4) & 0x07;
            int halfStep = (segment <= 1 ? 16 : 16 << (segment - 1)) / 2;
            Assert.True(Math.Abs(decoded - sample) <= halfStep, $"{sample} -> 0x{code:X2} -> {decoded}");
        }
    }

    [Fact]
    public void Encode_AllInputs_DecodedValueNeverDecreases()
    {
        int previousMu = int.MinValue;
        int previousA = int.MinValue;
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            int mu = G711.DecodeMuLaw(G711.EncodeMuLaw((short)sample));
            int a = G711.DecodeALaw(G711.EncodeALaw((short)sample));
            Assert.True(mu >= previousMu, $"mu-law at {sample}");
            Assert.True(a >= previousA, $"A-law at {sample}");
            previousMu = mu;
            previousA = a;
        }
    }

    [Fact]
    public void Encode_DecodedLevel_ReturnsSameCode()
    {
        for (int code = 0; code < 256; code++)
        {
            // Mu-law has two zeros (0x7F and 0xFF); 0 encodes as the positive one.
            int expectedMu = code == 0x7F ? 0xFF : code;
            Assert.Equal(expectedMu, G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code)));
            Assert.Equal(code, G711.EncodeALaw(G711.DecodeALaw((byte)code)));
        }
    }

    [Fact]
    public void SpanOverloads_AllInputs_MatchScalarOverloads()
    {
        // Arrange
        var samples = new short[65536];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i + short.MinValue);
        }

        var mu = new byte[samples.Length];
        var a = new byte[samples.Length];
        var muDecoded = new short[samples.Length];
        var aDecoded = new short[samples.Length];

        // Act
        Assert.Equal(samples.Length, G711.EncodeMuLaw(samples, mu));
        Assert.Equal(samples.Length, G711.EncodeALaw(samples, a));
        Assert.Equal(samples.Length, G711.DecodeMuLaw(mu, muDecoded));
        Assert.Equal(samples.Length, G711.DecodeALaw(a, aDecoded));

        // Assert
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal(G711.EncodeMuLaw(samples[i]), mu[i]);
            Assert.Equal(G711.EncodeALaw(samples[i]), a[i]);
            Assert.Equal(G711.DecodeMuLaw(mu[i]), muDecoded[i]);
            Assert.Equal(G711.DecodeALaw(a[i]), aDecoded[i]);
        }
    }

    [Fact]
    public void EncodeMuLaw_DestinationTooShort_Throws() =>
        Assert.Throws<ArgumentException>(() => G711.EncodeMuLaw(new short[4], new byte[3]));

    [Fact]
    public void DecodeALaw_DestinationTooShort_Throws() =>
        Assert.Throws<ArgumentException>(() => G711.DecodeALaw(new byte[4], new short[3]));

    [Fact]
    public void SpanOverloads_AfterFirstCall_AllocateNothing()
    {
        // Arrange: a 20 ms telephony frame at 8 kHz.
        var pcm = new short[160];
        var codes = new byte[160];
        G711.EncodeMuLaw(pcm, codes);
        G711.DecodeMuLaw(codes, pcm);
        G711.EncodeALaw(pcm, codes);
        G711.DecodeALaw(codes, pcm);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            G711.EncodeMuLaw(pcm, codes);
            G711.DecodeMuLaw(codes, pcm);
            G711.EncodeALaw(pcm, codes);
            G711.DecodeALaw(codes, pcm);
        }

        // Assert
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
