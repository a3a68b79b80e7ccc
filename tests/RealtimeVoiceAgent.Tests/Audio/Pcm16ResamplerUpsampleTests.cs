using System;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

public class Pcm16ResamplerUpsampleTests
{
    [Theory]
    [InlineData(2, 40, 100)]
    [InlineData(2, 40, 5)]
    [InlineData(3, 40, 77)]
    [InlineData(6, 48, 45)]
    public void UpsampleKernels_RandomInput_MatchDoubleReferenceWithinOneStep(int up, int taps, int inputs)
    {
        // Arrange: 100 inputs take the 32-input passes and a partial 8-input pass; 5 only the partial one.
        (float[] x, float[] c) = RandomFilterAndInput(seed: (up * 1000) + inputs, taps, up, inputs);
        var output = new short[inputs * up];

        // Act
        Upsample(up, x, c, taps, 0, inputs, output);

        // Assert: float sums rounded to PCM16 differ from the exact sums by at most one step (and saturate alike).
        for (int n = 0; n < inputs; n++)
        {
            for (int r = 0; r < up; r++)
            {
                double exact = 0;
                for (int j = 0; j < taps; j++)
                {
                    exact += (double)c[(r * taps) + j] * x[n + j];
                }

                double expected = Math.Clamp(Math.Round(exact), short.MinValue, short.MaxValue);
                Assert.InRange(output[(n * up) + r], expected - 1, expected + 1);
            }
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 13)]
    [InlineData(2, 40)]
    [InlineData(3, 9)]
    [InlineData(3, 33)]
    public void UpsampleKernels_SplitAnywhere_SameSamplesBitForBit(int up, int split)
    {
        // Arrange: an output computed in a 32-input pass, an 8-input pass or a partial vector must not change.
        const int Taps = 40;
        const int Inputs = 75;
        (float[] x, float[] c) = RandomFilterAndInput(seed: split, Taps, up, Inputs);
        var whole = new short[Inputs * up];
        var parts = new short[Inputs * up];

        // Act
        Upsample(up, x, c, Taps, 0, Inputs, whole);
        Upsample(up, x, c, Taps, 0, split, parts.AsSpan(0, split * up));
        Upsample(up, x, c, Taps, split, Inputs - split, parts.AsSpan(split * up));

        // Assert
        Assert.Equal(whole, parts);
    }

    [Theory]
    [InlineData(24000, 48000)]
    [InlineData(8000, 24000)]
    [InlineData(16000, 48000)]
    public void Reset_AfterAudio_ReproducesFreshOutput(int inputRate, int outputRate)
    {
        // Arrange
        short[] input = Pcm16ResamplerTests.Noise(1000, seed: 21);
        var fresh = new Pcm16Resampler(inputRate, outputRate);
        var expected = new short[fresh.GetMaxOutputLength(input.Length)];
        fresh.Process(input, expected);
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        resampler.Process(Pcm16ResamplerTests.Noise(333, seed: 22), new short[resampler.GetMaxOutputLength(333)]);
        var output = new short[expected.Length];

        // Act
        resampler.Reset();
        int written = resampler.Process(input, output);

        // Assert
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, output);
    }

    private static void Upsample(int up, float[] x, float[] c, int taps, int start, int inputs, Span<short> output)
    {
        if (up == 2)
        {
            Pcm16Resampler.Upsample2x256(ref x[start], ref c[0], taps, inputs, output);
        }
        else
        {
            Pcm16Resampler.UpsampleAny256(ref x[start], ref c[0], taps, up, inputs, output);
        }
    }

    // Coefficients of a realistic size (about unit gain per phase) and PCM16-range input, with 8 floats of slack
    // past the last window, as the resampler's history has.
    private static (float[] X, float[] C) RandomFilterAndInput(int seed, int taps, int up, int inputs)
    {
        var random = new Random(seed);
        var x = new float[inputs + taps - 1 + 8];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.Next(short.MinValue, short.MaxValue + 1);
        }

        var c = new float[taps * up];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = (float)((random.NextDouble() - 0.5) * 0.2);
        }

        return (x, c);
    }
}
