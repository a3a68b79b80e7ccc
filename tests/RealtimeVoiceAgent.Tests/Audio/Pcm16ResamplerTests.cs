using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CsCheck;
using RealtimeVoiceAgent.Audio;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Audio;

public class Pcm16ResamplerTests
{
    public static TheoryData<int, int> CommonPairs => new()
    {
        { 48000, 24000 }, { 44100, 24000 }, { 16000, 24000 }, { 8000, 24000 },
        { 24000, 48000 }, { 24000, 44100 }, { 24000, 8000 }, { 22050, 48000 }, { 24000, 24000 },
        { 16000, 48000 }, { 8000, 16000 },
    };

    [Theory]
    [MemberData(nameof(CommonPairs))]
    public void Process_RandomChunkSizes_MatchesSingleCall(int inputRate, int outputRate)
    {
        // Arrange
        short[] input = Noise(5000, seed: inputRate + outputRate);
        short[] expected = ResampleInOneCall(inputRate, outputRate, input);

        // Act + Assert: chunk sizes from 0 (empty calls) to past the internal block size, cycled until the input is used up.
        Gen.Int[0, 2500].Array[1, 12].Sample(
            chunkSizes => Assert.Equal(expected, ResampleInChunks(inputRate, outputRate, input, chunkSizes)),
            iter: 40,
            threads: 1);
    }

    [Theory]
    [MemberData(nameof(CommonPairs))]
    public void Process_ChunksOfOneAndZero_MatchesSingleCall(int inputRate, int outputRate)
    {
        // Arrange
        short[] input = Noise(1500, seed: 7);
        short[] expected = ResampleInOneCall(inputRate, outputRate, input);

        // Act
        short[] actual = ResampleInChunks(inputRate, outputRate, input, [1, 0, 1, 1, 0]);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(CommonPairs))]
    public void GetMaxOutputLength_AnyChunking_NeverExceeded(int inputRate, int outputRate)
    {
        Gen.Int[0, 3000].Array[1, 20].Sample(
            chunkSizes =>
            {
                // Arrange
                var resampler = new Pcm16Resampler(inputRate, outputRate);
                short[] input = Noise(3000, seed: 3);
                long totalOutput = 0;
                long totalInput = 0;

                foreach (int size in chunkSizes)
                {
                    // Act: an output buffer of exactly the advertised maximum.
                    int max = resampler.GetMaxOutputLength(size);
                    var output = new short[max];
                    int written = resampler.Process(input.AsSpan(0, size), output);

                    // Assert
                    Assert.InRange(written, 0, max);
                    Assert.Equal(max, Pcm16Resampler.GetMaxOutputLength(inputRate, outputRate, size));
                    totalOutput += written;
                    totalInput += size;
                }

                // Output count is ceil(input * outputRate / inputRate), whatever the chunking.
                Assert.Equal((totalInput * outputRate + inputRate - 1) / inputRate, totalOutput);
            },
            iter: 40,
            threads: 1);
    }

    [Fact]
    public void Process_48kTo24k_HalvesSampleCount()
    {
        // Arrange
        var resampler = new Pcm16Resampler(48000, 24000);
        var output = new short[1200];

        // Act
        int written = resampler.Process(new short[2400], output);

        // Assert
        Assert.Equal(1200, written);
    }

    [Fact]
    public void Process_EqualRates_CopiesInput()
    {
        // Arrange
        var resampler = new Pcm16Resampler(24000, 24000);
        short[] input = Noise(100, seed: 1);
        var output = new short[100];

        // Act
        int written = resampler.Process(input, output);

        // Assert
        Assert.Equal(100, written);
        Assert.Equal(input, output);
        Assert.Equal(0, resampler.GroupDelaySamples);
    }

    [Theory]
    [InlineData(11025, 24000, "inputRate")]
    [InlineData(24000, 96000, "outputRate")]
    [InlineData(0, 24000, "inputRate")]
    public void Constructor_UnsupportedRate_ThrowsListingSupportedRates(int inputRate, int outputRate, string parameter)
    {
        // Act
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Pcm16Resampler(inputRate, outputRate));

        // Assert
        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains("8000, 16000, 22050, 24000, 32000, 44100, 48000", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_OutputTooSmall_ThrowsAndConsumesNothing()
    {
        // Arrange
        short[] input = Noise(480, seed: 5);
        short[] expected = ResampleInOneCall(48000, 24000, input);
        var resampler = new Pcm16Resampler(48000, 24000);

        // Act
        Assert.Throws<ArgumentException>(() => resampler.Process(input, new short[239]));
        var output = new short[240];
        int written = resampler.Process(input, output);

        // Assert
        Assert.Equal(expected, output.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Process_LittleEndianBytes_MatchesShortOverload()
    {
        // Arrange
        short[] input = Noise(2205, seed: 9);
        short[] expected = ResampleInOneCall(44100, 24000, input);
        var resampler = new Pcm16Resampler(44100, 24000);
        byte[] inputBytes = MemoryMarshal.AsBytes(input.AsSpan()).ToArray();
        var outputBytes = new byte[resampler.GetMaxOutputLength(input.Length) * 2];

        // Act
        int written = resampler.Process(inputBytes, outputBytes);

        // Assert
        Assert.Equal(expected.Length * 2, written);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, short>(outputBytes.AsSpan(0, written)).ToArray());
    }

    [Fact]
    public void Process_OddByteCount_Throws()
    {
        var resampler = new Pcm16Resampler(48000, 24000);
        Assert.Throws<ArgumentException>(() => resampler.Process(new byte[3], new byte[4]));
    }

    [Fact]
    public void Reset_AfterAudio_ReproducesFreshOutput()
    {
        // Arrange
        short[] input = Noise(1000, seed: 11);
        short[] expected = ResampleInOneCall(16000, 24000, input);
        var resampler = new Pcm16Resampler(16000, 24000);
        var output = new short[resampler.GetMaxOutputLength(input.Length)];
        resampler.Process(Noise(333, seed: 12), new short[500]);

        // Act
        resampler.Reset();
        int written = resampler.Process(input, output);

        // Assert
        Assert.Equal(expected, output.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Process_FullScaleSquareWave_SaturatesWithoutWrapping()
    {
        // Arrange: the filter's overshoot on a full-scale square wave exceeds the PCM16 range and must clip, not wrap.
        var input = new short[4800];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (i / 240 % 2 == 0) ? short.MaxValue : short.MinValue;
        }

        var resampler = new Pcm16Resampler(48000, 24000);
        var output = new short[2400];

        // Act
        resampler.Process(input, output);

        // Assert: in the middle of every half period (past the group delay) the sign follows the input.
        for (int half = 1; half < 19; half++)
        {
            int middle = (half * 120) + 60 + (int)resampler.GroupDelaySamples;
            Assert.Equal(half % 2 == 0, output[middle] > 0);
        }

        Assert.Contains(short.MaxValue, output);
        Assert.Contains(short.MinValue, output);
    }

    [Theory]
    [InlineData(48000, 24000)]
    [InlineData(44100, 24000)]
    [InlineData(24000, 44100)]
    [InlineData(24000, 48000)]
    [InlineData(8000, 24000)]
    public void Process_AfterFirstCall_AllocatesNothing(int inputRate, int outputRate)
    {
        // Arrange: one 50 ms frame, and a first call so the JIT and statics are done.
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        short[] frame = Noise(inputRate / 20, seed: 2);
        var output = new short[resampler.GetMaxOutputLength(frame.Length)];
        resampler.Process(frame, output);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            resampler.Process(frame, output);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Kernels_EveryVectorWidth_MatchExactDotProduct()
    {
        // Arrange: every kernel is checked, accelerated or not, because the resampler picks one per machine; 200 taps
        // (a multiple of 8, not of 16) exercise the 256-bit remainder step.
        (float[] x, float[] c, double exact) = RandomDotProduct(seed: 4, length: 200);

        // Act
        float scalar = Pcm16Resampler.DotProductScalar(ref x[0], ref c[0], x.Length);
        float v128 = Pcm16Resampler.DotProduct128(ref x[0], ref c[0], x.Length);
        float v256 = Vector256.Sum(Pcm16Resampler.Accumulate256(ref x[0], ref c[0], x.Length));

        // Assert
        foreach (float value in new[] { scalar, v128, v256 })
        {
            Assert.Equal(exact, value, 0.05);
        }
    }

    [Fact]
    public void PairKernels_EveryVectorWidth_EqualTwoSingleKernelsExactly()
    {
        // Arrange (136 = 8 x 17 taps, so the 256-bit remainder step is included): the resampler computes outputs in
        // pairs or quads or singly depending on chunk boundaries, so the paths must agree to the last bit.
        (float[] x, float[] c, _) = RandomDotProduct(seed: 8, length: 512);

        // Act
        var v128 = Pcm16Resampler.DotProductPair128(ref x[0], ref c[0], ref x[64], ref c[96], 136);
        var v256 = Pcm16Resampler.AccumulateQuad256(ref x[0], ref c[0], ref x[64], ref c[96], ref x[3], ref c[200], ref x[301], ref c[344], 136);

        // Assert
        Assert.Equal((Pcm16Resampler.DotProduct128(ref x[0], ref c[0], 136), Pcm16Resampler.DotProduct128(ref x[64], ref c[96], 136)), v128);
        Assert.Equal(
            (Pcm16Resampler.Accumulate256(ref x[0], ref c[0], 136),
             Pcm16Resampler.Accumulate256(ref x[64], ref c[96], 136),
             Pcm16Resampler.Accumulate256(ref x[3], ref c[200], 136),
             Pcm16Resampler.Accumulate256(ref x[301], ref c[344], 136)),
            v256);
    }

    [Theory]
    [InlineData(72)]
    [InlineData(80)]
    public void QuadKernel_OddLengths_EqualsSingleKernelExactly(int taps)
    {
        // Arrange: the tap counts of 44.1k->24k (9 vectors: remainder step) and 48k->24k (10 vectors).
        (float[] x, float[] c, _) = RandomDotProduct(seed: taps, length: 400);

        // Act
        var quad = Pcm16Resampler.AccumulateQuad256(ref x[1], ref c[0], ref x[2], ref c[taps], ref x[4], ref c[2 * taps], ref x[7], ref c[3 * taps], taps);

        // Assert
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[1], ref c[0], taps), quad.First);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[2], ref c[taps], taps), quad.Second);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[4], ref c[2 * taps], taps), quad.Third);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[7], ref c[3 * taps], taps), quad.Fourth);
    }

    [Theory]
    [InlineData(72, 147)]
    [InlineData(40, 80)]
    [InlineData(120, 3)]
    public void SharedRowKernel_WindowsStrideApart_EqualsSingleKernelExactly(int taps, int stride)
    {
        // Arrange: the tap counts and window strides ('down') of 44.1k->24k, 24k->44.1k and 24k->8k.
        (float[] x, float[] c, _) = RandomDotProduct(seed: taps + stride, length: (3 * stride) + taps + 5);

        // Act
        var quad = Pcm16Resampler.AccumulateQuadSharedRow256(ref x[5], stride, ref c[0], taps);

        // Assert: outputs computed four to a row or one at a time are the same to the last bit.
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[5], ref c[0], taps), quad.First);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[5 + stride], ref c[0], taps), quad.Second);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[5 + (2 * stride)], ref c[0], taps), quad.Third);
        Assert.Equal(Pcm16Resampler.Accumulate256(ref x[5 + (3 * stride)], ref c[0], taps), quad.Fourth);
        var triple = Pcm16Resampler.AccumulateTripleSharedRow256(ref x[5], stride, ref c[0], taps);
        Assert.Equal((quad.First, quad.Second, quad.Third), triple);
    }

    [Theory]
    [InlineData(44100, 24000)]
    [InlineData(24000, 44100)]
    [InlineData(16000, 24000)]
    [InlineData(24000, 8000)]
    public void Process_FramesOfTenMilliseconds_MatchesSingleCall(int inputRate, int outputRate)
    {
        // Arrange: 10 ms chunks cut the whole periods (up outputs) the AVX path computes row by row at varying
        // places, so outputs move between the four- and three-per-row, the consecutive-quad and the single kernels.
        short[] input = Noise(inputRate / 2, seed: 31);
        short[] expected = ResampleInOneCall(inputRate, outputRate, input);

        // Act
        short[] actual = ResampleInChunks(inputRate, outputRate, input, [inputRate / 100, 7, inputRate / 100, 1, 333]);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ReduceFour_AnyNeighbours_SumsEachVectorIndependently()
    {
        // The AVX reduction only exists where AVX does; elsewhere the resampler never calls it.
        if (!Avx.IsSupported)
        {
            return;
        }

        // Arrange
        var random = new Random(6);
        var partials = new Vector256<float>[4];
        for (int i = 0; i < partials.Length; i++)
        {
            partials[i] = Vector256.Create(Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 1000 - 500)).ToArray());
        }

        // Act
        Vector128<float> sums = Pcm16Resampler.ReduceFour(partials[0], partials[1], partials[2], partials[3]);
        Vector128<float> firstAlone = Pcm16Resampler.ReduceFour(partials[0], Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        Vector128<float> thirdAlone = Pcm16Resampler.ReduceFour(Vector256<float>.Zero, Vector256<float>.Zero, partials[2], Vector256<float>.Zero);

        // Assert: each lane is its vector's sum, bit for bit the same whatever the other vectors hold.
        for (int i = 0; i < partials.Length; i++)
        {
            Assert.Equal(Vector256.Sum(partials[i]), sums.GetElement(i), 0.01f);
        }

        Assert.Equal(sums.GetElement(0), firstAlone.GetElement(0));
        Assert.Equal(sums.GetElement(2), thirdAlone.GetElement(2));
        Assert.Equal(0f, firstAlone.GetElement(1));
    }

    private static (float[] X, float[] C, double Exact) RandomDotProduct(int seed, int length)
    {
        var random = new Random(seed);
        var x = new float[length];
        var c = new float[length];
        double exact = 0;
        for (int i = 0; i < length; i++)
        {
            x[i] = random.Next(short.MinValue, short.MaxValue);
            c[i] = (float)(random.NextDouble() - 0.5);
            exact += (double)x[i] * c[i];
        }

        return (x, c, exact);
    }

    internal static short[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        return samples;
    }

    private static short[] ResampleInOneCall(int inputRate, int outputRate, short[] input)
    {
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        var output = new short[resampler.GetMaxOutputLength(input.Length)];
        int written = resampler.Process(input, output);
        return output.AsSpan(0, written).ToArray();
    }

    private static short[] ResampleInChunks(int inputRate, int outputRate, short[] input, int[] chunkSizes)
    {
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        var output = new short[resampler.GetMaxOutputLength(input.Length) + 1];
        int read = 0;
        int written = 0;
        for (int call = 0; read < input.Length; call++)
        {
            // A zero-only size list would never finish, so every tenth call takes at least one sample.
            int size = Math.Min(chunkSizes[call % chunkSizes.Length], input.Length - read);
            if (size == 0 && call % 10 == 9)
            {
                size = 1;
            }

            written += resampler.Process(input.AsSpan(read, size), output.AsSpan(written));
            read += size;
        }

        return output.AsSpan(0, written).ToArray();
    }
}
