using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// Benchmark-only frozen copy of <c>Pcm16Resampler</c> as of commit 8910ba2 (Pcm16Resampler.cs and
/// Pcm16Resampler.HalfRate.cs merged into one class), kept so one BenchmarkDotNet run compares the current kernels
/// with the new ones.
/// </summary>
internal sealed class Pcm16ResamplerBaseline
{
    // Filter design, as fractions of the lower Nyquist frequency (see Pcm16Resampler). The edges are the Kaiser
    // design edges. The stopband starts at 13 kHz for 24 kHz (a 13 kHz tone folds to 11 kHz and must be rejected);
    // the passband edge is as low as the 0.5 dB flatness at 10 kHz (0.85 of the Nyquist frequency for the lower
    // rates) allows with margin, because the wider the transition, the fewer the taps (80 per phase for 48 kHz and
    // 72 for 44.1 kHz to 24 kHz, against 96 with the former 0.815..1.085 band and 98 dB).
    private const double PassbandEdge = 0.79;
    private const double StopbandEdge = 1.083;

    // 5 dB of margin on the 85 dB the alias-rejection tests demand, for the float arithmetic and the PCM16 rounding.
    private const double StopbandAttenuationDb = 90.0;

    // Taps per phase are padded to a multiple of 8 so the SIMD dot products need no remainder loop.
    private const int TapAlignment = 8;

    // Input samples converted per pass; bounds the history buffer independently of the caller's chunk size.
    private const int BlockSize = 2048;

    private const int CacheLineBytes = 64;
    private const int CacheLineFloats = CacheLineBytes / sizeof(float);

    // Outputs reduced together by the AVX path: one 256-bit horizontal-add tree serves eight.
    private const int GroupSize = 8;

    private static readonly int[] s_supportedRates = [8000, 16000, 22050, 24000, 32000, 44100, 48000];

    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly int _stepWhole;
    private readonly int _stepFraction;

    // Phase-major rows of _taps coefficients; each row is time-reversed so that row[j] multiplies the
    // j-th oldest sample of the window, which makes every output one straight dot product.
    private readonly float[] _coefficients;

    // Where the table starts in _coefficients: the array is pinned and the table placed on a 64-byte boundary,
    // so with rows of a multiple of 8 floats no coefficient load ever straddles a cache line.
    private readonly int _coefficientOffset;

    // _buffer[0.._count) holds the input history as floats; _nextIndex is the buffer index of the newest
    // sample in the next output's window and _phase that output's polyphase row.
    private readonly float[] _buffer;

    // Per-output partial sums awaiting the eight-wide reduction (AVX path only).
    private readonly Vector256<float>[] _partialSums = new Vector256<float>[GroupSize];
    private int _count;
    private int _nextIndex;
    private int _phase;
    private long _inputCount;
    private long _outputCount;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/>.</summary>
    /// <param name="inputRate">The input sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 or 48000.</param>
    /// <param name="outputRate">The output sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 or 48000.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not one of the supported rates.</exception>
    public Pcm16ResamplerBaseline(int inputRate, int outputRate)
    {
        (_up, _down) = ReduceRatio(inputRate, outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        _stepWhole = _down / _up;
        _stepFraction = _down % _up;

        if (inputRate == outputRate)
        {
            _coefficients = [];
            _buffer = [];
            return;
        }

        double lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        double upsampledRate = (double)inputRate * _up;
        double transition = (StopbandEdge - PassbandEdge) * lowerNyquist / upsampledRate;
        double cutoff = (StopbandEdge + PassbandEdge) / 2 * lowerNyquist / upsampledRate;

        // Kaiser's length estimate, N = (A - 7.95) / (2.285 * 2 pi * transition) + 1, rounded up to whole aligned phases.
        double length = ((StopbandAttenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
        _taps = ((int)Math.Ceiling(length / _up) + TapAlignment - 1) / TapAlignment * TapAlignment;
        float[] table = DesignPolyphaseTable(_up, _taps, cutoff, KaiserBeta(StopbandAttenuationDb));
        _coefficients = GC.AllocateArray<float>(table.Length + CacheLineFloats, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_coefficients, 0).ToInt64();
        _coefficientOffset = (int)((CacheLineBytes - (address % CacheLineBytes)) % CacheLineBytes / sizeof(float));
        table.CopyTo(_coefficients, _coefficientOffset);
        if (_up == 1 && _down == 2)
        {
            // The 2:1 decimator keeps its history as two deinterleaved streams instead (see Pcm16Resampler.HalfRate.cs).
            _buffer = [];
            int capacity = (_taps / 2) + (BlockSize / 2) + StreamSlack;
            _evenStream = new float[capacity];
            _oddStream = new float[capacity];
        }
        else
        {
            _buffer = new float[_taps - 1 + BlockSize];
        }

        Reset();
    }

    /// <summary>Gets the input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Gets the output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Gets the sample rates this resampler supports, in Hz.</summary>
    public static ReadOnlySpan<int> SupportedRates => s_supportedRates;

    /// <summary>Gets the filter taps used per output sample (0 when the rates are equal).</summary>
    public int TapsPerPhase => _taps;

    /// <summary>
    /// Gets the group delay in output samples: a feature at input time <c>t</c> appears in the output at
    /// <c>t * OutputRate + GroupDelaySamples</c>. It equals <c>(TapsPerPhase * up - 1) / (2 * down)</c>
    /// for the reduced ratio <c>up:down</c>, for example 19.75 samples (0.82 ms) for 48 kHz to 24 kHz; 0 when the rates are equal.
    /// </summary>
    public double GroupDelaySamples => _taps == 0 ? 0 : ((double)_taps * _up - 1) / (2.0 * _down);

    /// <summary>Gets the group delay as a duration (see <c>GroupDelaySamples</c>).</summary>
    public TimeSpan GroupDelay => TimeSpan.FromSeconds(GroupDelaySamples / OutputRate);

    /// <summary>Returns the most output samples one <c>Process</c> call can write for an input of <paramref name="inputLength"/> samples.</summary>
    /// <param name="inputLength">The number of input samples.</param>
    /// <returns>The output buffer length that is always large enough, whatever the state.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int GetMaxOutputLength(int inputLength) => MaxOutputLength(inputLength, _up, _down);

    /// <summary>Returns the most output samples one call can write for an input of <paramref name="inputLength"/> samples, for a pair of rates.</summary>
    /// <param name="inputRate">The input sample rate in Hz.</param>
    /// <param name="outputRate">The output sample rate in Hz.</param>
    /// <param name="inputLength">The number of input samples.</param>
    /// <returns>The output buffer length that is always large enough, whatever the state.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not supported or <paramref name="inputLength"/> is negative.</exception>
    public static int GetMaxOutputLength(int inputRate, int outputRate, int inputLength)
    {
        (int up, int down) = ReduceRatio(inputRate, outputRate);
        return MaxOutputLength(inputLength, up, down);
    }

    /// <summary>Forgets all history, as if the resampler had just been created.</summary>
    public void Reset()
    {
        if (_taps == 0)
        {
            return;
        }

        _inputCount = 0;
        _outputCount = 0;
        if (IsHalfRate)
        {
            ResetHalfRate();
            return;
        }

        // Silence before the first sample: the first window sees _taps - 1 zeros.
        Array.Clear(_buffer);
        _count = _taps - 1;
        _nextIndex = _taps - 1;
        _phase = 0;
        _inputCount = 0;
        _outputCount = 0;
    }

    /// <summary>Resamples a chunk of samples, continuing from the previous chunk.</summary>
    /// <param name="input">The next input samples; may be empty.</param>
    /// <param name="output">Where to write the output; <c>GetMaxOutputLength(int)</c> of the input length is always enough.</param>
    /// <returns>The number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too small for this chunk; nothing was consumed.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (_taps == 0)
        {
            if (output.Length < input.Length)
            {
                AudioThrowHelper.ThrowOutputTooSmall(nameof(output), input.Length);
            }

            input.CopyTo(output);
            return input.Length;
        }

        long totalInput = _inputCount + input.Length;
        int required = (int)(CeilingDivide(totalInput * _up, _down) - _outputCount);
        if (output.Length < required)
        {
            AudioThrowHelper.ThrowOutputTooSmall(nameof(output), required);
        }

        int written = IsHalfRate ? ProcessHalfRate(input, output) : ProcessGeneral(input, output);
        Debug.Assert(written == required, "The drain loop must produce exactly ceil(input * up / down) samples in total.");
        _inputCount = totalInput;
        _outputCount += written;
        return written;
    }

    private int ProcessGeneral(ReadOnlySpan<short> input, Span<short> output)
    {
        int written = 0;
        while (true)
        {
            written += UseAvx ? DrainAvx(output.Slice(written)) : DrainPortable(output.Slice(written));
            if (input.IsEmpty)
            {
                break;
            }

            Compact();
            int chunk = Math.Min(input.Length, _buffer.Length - _count);
            ConvertToSingle(input.Slice(0, chunk), _buffer.AsSpan(_count, chunk));
            _count += chunk;
            input = input.Slice(chunk);
        }

        return written;
    }

    /// <summary>Resamples a chunk of little-endian PCM16 bytes, continuing from the previous chunk.</summary>
    /// <param name="input">The next input bytes (whole samples, so an even length); may be empty.</param>
    /// <param name="output">Where to write the output bytes; twice <c>GetMaxOutputLength(int)</c> of the input sample count is always enough.</param>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> has an odd length, or <paramref name="output"/> is too small.</exception>
    public int Process(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if ((input.Length & 1) != 0)
        {
            AudioThrowHelper.ThrowOddByteCount(nameof(input));
        }

        if (!BitConverter.IsLittleEndian)
        {
            AudioThrowHelper.ThrowBigEndian();
        }

        return Process(MemoryMarshal.Cast<byte, short>(input), MemoryMarshal.Cast<byte, short>(output)) * sizeof(short);
    }

    // Vector256 runs emulated (about 12x slower) where the hardware lacks it, so the 256-bit path is used
    // only when it is accelerated; the JIT folds this to a constant. On x64 that implies AVX, whose
    // horizontal adds reduce eight outputs at once. Vector512 is not used: on the 72- to 80-tap filters that
    // matter it would run six iterations per output, and no AVX-512 machine was at hand to measure it.
    private static bool UseAvx => Vector256.IsHardwareAccelerated && Avx.IsSupported;

    // Writes every output whose window is complete in the buffer, eight at a time; returns how many.
    private int DrainAvx(Span<short> output)
    {
        int taps = _taps;
        int up = _up;
        int stepWhole = _stepWhole;
        int stepFraction = _stepFraction;
        int next = _nextIndex;
        int phase = _phase;
        int count = _count;
        ref float history = ref MemoryMarshal.GetArrayDataReference(_buffer);
        ref float coefficients = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_coefficients), _coefficientOffset);
        Span<Vector256<float>> partials = _partialSums;

        int written = 0;
        while (next < count)
        {
            // 1. Multiply-add up to eight outputs, two at a time for four independent dependency chains.
            int group = 0;
            while (group < GroupSize && next < count)
            {
                int following = next;
                int followingPhase = phase;
                Advance(ref following, ref followingPhase, stepWhole, stepFraction, up);
                if (group < GroupSize - 1 && following < count)
                {
                    (partials[group], partials[group + 1]) = AccumulatePair256(
                        ref Unsafe.Add(ref history, next - taps + 1),
                        ref Unsafe.Add(ref coefficients, phase * taps),
                        ref Unsafe.Add(ref history, following - taps + 1),
                        ref Unsafe.Add(ref coefficients, followingPhase * taps),
                        taps);
                    group += 2;
                    Advance(ref following, ref followingPhase, stepWhole, stepFraction, up);
                }
                else
                {
                    partials[group++] = Accumulate256(
                        ref Unsafe.Add(ref history, next - taps + 1),
                        ref Unsafe.Add(ref coefficients, phase * taps),
                        taps);
                }

                next = following;
                phase = followingPhase;
            }

            // 2. Reduce and convert all eight at once. Each output's sum depends only on its own partial sums,
            //    so a short group (at a chunk end) padded with zeros yields exactly the same samples.
            if (group == GroupSize)
            {
                ToPcm16(ReduceEight(partials)).StoreUnsafe(ref MemoryMarshal.GetReference(output.Slice(written, GroupSize)));
            }
            else
            {
                partials.Slice(group).Clear();
                Vector128<short> samples = ToPcm16(ReduceEight(partials));
                for (int i = 0; i < group; i++)
                {
                    output[written + i] = samples.GetElement(i);
                }
            }

            written += group;
        }

        _nextIndex = next;
        _phase = phase;
        return written;
    }

    // Writes every output whose window is complete in the buffer; returns how many.
    private int DrainPortable(Span<short> output)
    {
        int taps = _taps;
        int up = _up;
        int stepWhole = _stepWhole;
        int stepFraction = _stepFraction;
        int next = _nextIndex;
        int phase = _phase;
        int count = _count;
        ref float history = ref MemoryMarshal.GetArrayDataReference(_buffer);
        ref float coefficients = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_coefficients), _coefficientOffset);

        int written = 0;
        while (next < count)
        {
            int following = next;
            int followingPhase = phase;
            Advance(ref following, ref followingPhase, stepWhole, stepFraction, up);
            if (following < count)
            {
                // Two outputs at once give the CPU four independent multiply-add chains instead of two. Each
                // output is computed exactly as the single path computes it, so chunk boundaries change nothing.
                (float first, float second) = DotProductPair(
                    ref Unsafe.Add(ref history, next - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase * taps),
                    ref Unsafe.Add(ref history, following - taps + 1),
                    ref Unsafe.Add(ref coefficients, followingPhase * taps),
                    taps);
                output[written++] = Saturate(first);
                output[written++] = Saturate(second);
                Advance(ref following, ref followingPhase, stepWhole, stepFraction, up);
            }
            else
            {
                output[written++] = Saturate(DotProduct(
                    ref Unsafe.Add(ref history, next - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase * taps),
                    taps));
            }

            next = following;
            phase = followingPhase;
        }

        _nextIndex = next;
        _phase = phase;
        return written;
    }

    // Steps one output forward: down/up input samples, as a whole part and a phase in 1/up fractions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Advance(ref int index, ref int phase, int stepWhole, int stepFraction, int up)
    {
        index += stepWhole;
        phase += stepFraction;
        if (phase >= up)
        {
            phase -= up;
            index++;
        }
    }

    // Moves the history the next window still needs to the front of the buffer.
    private void Compact()
    {
        int start = _nextIndex - _taps + 1;
        if (start <= 0)
        {
            return;
        }

        _buffer.AsSpan(start, _count - start).CopyTo(_buffer);
        _count -= start;
        _nextIndex -= start;
    }

    private static short Saturate(float value)
    {
        int rounded = (int)MathF.Round(value);
        return (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotProduct(ref float x, ref float c, int length) =>
        Vector128.IsHardwareAccelerated ? DotProduct128(ref x, ref c, length) : DotProductScalar(ref x, ref c, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float First, float Second) DotProductPair(ref float x0, ref float c0, ref float x1, ref float c1, int length) =>
        Vector128.IsHardwareAccelerated
            ? DotProductPair128(ref x0, ref c0, ref x1, ref c1, length)
            : (DotProductScalar(ref x0, ref c0, length), DotProductScalar(ref x1, ref c1, length));

    // The kernels below need length to be a multiple of 8 (TapAlignment); they are internal so the tests can
    // check them. Each pair variant must add in exactly the order of its single variant, because chunk
    // boundaries decide whether an output is computed singly or in a pair.
    internal static Vector256<float> Accumulate256(ref float x, ref float c, int length)
    {
        // Two accumulators halve the dependency chain of multiply-adds.
        Vector256<float> sum0 = Vector256<float>.Zero;
        Vector256<float> sum1 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= (nuint)length; i += 16)
        {
            sum0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref c, i), sum0);
            sum1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i + 8), Vector256.LoadUnsafe(ref c, i + 8), sum1);
        }

        if (i < (nuint)length)
        {
            sum0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref c, i), sum0);
        }

        return sum0 + sum1;
    }

    internal static (Vector256<float> First, Vector256<float> Second) AccumulatePair256(ref float x0, ref float c0, ref float x1, ref float c1, int length)
    {
        Vector256<float> sum00 = Vector256<float>.Zero;
        Vector256<float> sum01 = Vector256<float>.Zero;
        Vector256<float> sum10 = Vector256<float>.Zero;
        Vector256<float> sum11 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= (nuint)length; i += 16)
        {
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i), Vector256.LoadUnsafe(ref c0, i), sum00);
            sum01 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i + 8), Vector256.LoadUnsafe(ref c0, i + 8), sum01);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), Vector256.LoadUnsafe(ref c1, i), sum10);
            sum11 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i + 8), Vector256.LoadUnsafe(ref c1, i + 8), sum11);
        }

        if (i < (nuint)length)
        {
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i), Vector256.LoadUnsafe(ref c0, i), sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), Vector256.LoadUnsafe(ref c1, i), sum10);
        }

        return (sum00 + sum01, sum10 + sum11);
    }

    // Lane i of the result is the sum of the eight lanes of partials[i], always added in the same tree:
    // ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)). Three rounds of horizontal adds serve all eight.
    internal static Vector256<float> ReduceEight(ReadOnlySpan<Vector256<float>> partials)
    {
        Vector256<float> h01 = Avx.HorizontalAdd(partials[0], partials[1]);
        Vector256<float> h23 = Avx.HorizontalAdd(partials[2], partials[3]);
        Vector256<float> h45 = Avx.HorizontalAdd(partials[4], partials[5]);
        Vector256<float> h67 = Avx.HorizontalAdd(partials[6], partials[7]);
        Vector256<float> h0123 = Avx.HorizontalAdd(h01, h23);
        Vector256<float> h4567 = Avx.HorizontalAdd(h45, h67);

        // h0123 holds outputs 0-3 from lanes 0-3 of each input in its lower half and from lanes 4-7 in its upper half.
        return Avx.Permute2x128(h0123, h4567, 0x20) + Avx.Permute2x128(h0123, h4567, 0x31);
    }

    // Rounds to nearest (ties to even, like MathF.Round) and saturates to the PCM16 range.
    private static Vector128<short> ToPcm16(Vector256<float> sums)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(Vector256.Round(sums), Vector256.Create(-32768f)), Vector256.Create(32767f));
        Vector256<int> integers = Vector256.ConvertToInt32(clamped);
        return Vector128.Narrow(integers.GetLower(), integers.GetUpper());
    }

    internal static float DotProduct128(ref float x, ref float c, int length)
    {
        Vector128<float> sum0 = Vector128<float>.Zero;
        Vector128<float> sum1 = Vector128<float>.Zero;
        for (int i = 0; i < length; i += 8)
        {
            sum0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref c, (nuint)i), sum0);
            sum1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, (nuint)(i + 4)), Vector128.LoadUnsafe(ref c, (nuint)(i + 4)), sum1);
        }

        return Vector128.Sum(sum0 + sum1);
    }

    internal static (float First, float Second) DotProductPair128(ref float x0, ref float c0, ref float x1, ref float c1, int length)
    {
        Vector128<float> sum00 = Vector128<float>.Zero;
        Vector128<float> sum01 = Vector128<float>.Zero;
        Vector128<float> sum10 = Vector128<float>.Zero;
        Vector128<float> sum11 = Vector128<float>.Zero;
        for (int i = 0; i < length; i += 8)
        {
            sum00 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x0, (nuint)i), Vector128.LoadUnsafe(ref c0, (nuint)i), sum00);
            sum01 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x0, (nuint)(i + 4)), Vector128.LoadUnsafe(ref c0, (nuint)(i + 4)), sum01);
            sum10 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x1, (nuint)i), Vector128.LoadUnsafe(ref c1, (nuint)i), sum10);
            sum11 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x1, (nuint)(i + 4)), Vector128.LoadUnsafe(ref c1, (nuint)(i + 4)), sum11);
        }

        return (Vector128.Sum(sum00 + sum01), Vector128.Sum(sum10 + sum11));
    }

    internal static float DotProductScalar(ref float x, ref float c, int length)
    {
        float sum = 0;
        for (int i = 0; i < length; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    private static void ConvertToSingle(ReadOnlySpan<short> source, Span<float> destination)
    {
        ref short src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int length = source.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<short>.Count; i += Vector256<short>.Count)
            {
                (Vector256<int> lower, Vector256<int> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                Vector256.ConvertToSingle(lower).StoreUnsafe(ref dst, (nuint)i);
                Vector256.ConvertToSingle(upper).StoreUnsafe(ref dst, (nuint)(i + Vector256<int>.Count));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector128<short>.Count; i += Vector128<short>.Count)
            {
                (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
                Vector128.ConvertToSingle(lower).StoreUnsafe(ref dst, (nuint)i);
                Vector128.ConvertToSingle(upper).StoreUnsafe(ref dst, (nuint)(i + Vector128<int>.Count));
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    private static float[] DesignPolyphaseTable(int up, int taps, double cutoff, double beta)
    {
        // Prototype low-pass at the upsampled rate: h[m] = 2 fc sinc(2 fc (m - centre)) * kaiser[m],
        // with gain 'up' so that inserting up-1 zeros per input sample keeps unit passband gain.
        int length = taps * up;
        double centre = (length - 1) / 2.0;
        double besselBeta = BesselI0(beta);
        var prototype = new double[length];
        double total = 0;
        for (int m = 0; m < length; m++)
        {
            double t = m - centre;
            double x = 2 * cutoff * t;
            double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            double r = 2.0 * m / (length - 1) - 1;
            double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / besselBeta;
            prototype[m] = 2 * cutoff * sinc * window;
            total += prototype[m];
        }

        // Exact DC gain of 'up' over the whole prototype (about 1 per phase).
        double scale = up / total;
        var table = new float[length];
        for (int phase = 0; phase < up; phase++)
        {
            for (int k = 0; k < taps; k++)
            {
                // Row 'phase', position j = taps - 1 - k multiplies x[i - k], the k-th newest sample.
                table[phase * taps + (taps - 1 - k)] = (float)(prototype[k * up + phase] * scale);
            }
        }

        return table;
    }

    // Kaiser's beta for a stopband attenuation above 50 dB.
    private static double KaiserBeta(double attenuationDb) => 0.1102 * (attenuationDb - 8.7);

    // Zeroth-order modified Bessel function of the first kind, by its power series.
    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        double halfSquared = x * x / 4;
        for (int k = 1; term > sum * 1e-17; k++)
        {
            term *= halfSquared / ((double)k * k);
            sum += term;
        }

        return sum;
    }

    private static int MaxOutputLength(int inputLength, int up, int down)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return (int)CeilingDivide((long)inputLength * up, down);
    }

    private static long CeilingDivide(long value, long divisor) => (value + divisor - 1) / divisor;

    private static (int Up, int Down) ReduceRatio(int inputRate, int outputRate)
    {
        ValidateRate(inputRate, nameof(inputRate));
        ValidateRate(outputRate, nameof(outputRate));
        int a = inputRate;
        int b = outputRate;
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return (outputRate / a, inputRate / a);
    }

    private static void ValidateRate(int rate, string parameterName)
    {
        if (Array.IndexOf(s_supportedRates, rate) < 0)
        {
            AudioThrowHelper.ThrowUnsupportedRate(rate, parameterName);
        }
    }

    // The kernel reads up to 7 floats past the newest sample for a partial last vector; they are never stored.
    private const int StreamSlack = 8;

    // Deinterleaved history: _evenStream[i] is input sample 2 (base + i - taps / 2), _oddStream[i] the sample after it.
    private readonly float[] _evenStream = [];
    private readonly float[] _oddStream = [];
    private int _evenCount;
    private int _oddCount;

    // Stream index of the next output's first odd sample (the next output is _halfRateNext + base).
    private int _halfRateNext;

    private bool IsHalfRate => _evenStream.Length != 0;

    private void ResetHalfRate()
    {
        Array.Clear(_evenStream);
        Array.Clear(_oddStream);
        _evenCount = _taps / 2;
        _oddCount = _taps / 2;
        _halfRateNext = 0;
    }

    private int ProcessHalfRate(ReadOnlySpan<short> input, Span<short> output)
    {
        bool nextIsOdd = (_inputCount & 1) != 0;
        int written = 0;
        while (true)
        {
            written += DrainHalfRate(output.Slice(written));
            if (input.IsEmpty)
            {
                break;
            }

            CompactHalfRate();
            int free = _evenStream.Length - StreamSlack - _evenCount;
            int chunk = Math.Min(input.Length, 2 * free);
            AppendDeinterleaved(input.Slice(0, chunk), nextIsOdd);
            nextIsOdd ^= (chunk & 1) != 0;
            input = input.Slice(chunk);
        }

        return written;
    }

    // Writes every output whose newest (even) sample is in the streams; returns how many.
    private int DrainHalfRate(Span<short> output)
    {
        int half = _taps / 2;
        int next = _halfRateNext;
        int count = _evenCount - half - next;
        if (count <= 0)
        {
            return 0;
        }

        ref float odd = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_oddStream), next);
        ref float even = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_evenStream), next + 1);
        ref float coefficients = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_coefficients), _coefficientOffset);
        output = output.Slice(0, count);
        if (Vector256.IsHardwareAccelerated)
        {
            HalfRate256(ref odd, ref even, ref coefficients, half, output);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            HalfRate128(ref odd, ref even, ref coefficients, half, output);
        }
        else
        {
            HalfRateScalar(ref odd, ref even, ref coefficients, half, output);
        }

        _halfRateNext = next + count;
        return count;
    }

    // Output i = sum over k < half of c[2k] * odd[i + k] + c[2k + 1] * even[i + k]: the odd and even products go to
    // two accumulators (added at the end) so each output has two short dependency chains; 32 outputs per pass.
    private static void HalfRate256(ref float odd, ref float even, ref float c, int half, Span<short> output)
    {
        ref short destination = ref MemoryMarshal.GetReference(output);
        int count = output.Length;
        int i = 0;
        for (; i + 32 <= count; i += 32)
        {
            ref float o = ref Unsafe.Add(ref odd, i);
            ref float e = ref Unsafe.Add(ref even, i);
            Vector256<float> odd0 = Vector256<float>.Zero, odd1 = Vector256<float>.Zero, odd2 = Vector256<float>.Zero, odd3 = Vector256<float>.Zero;
            Vector256<float> even0 = Vector256<float>.Zero, even1 = Vector256<float>.Zero, even2 = Vector256<float>.Zero, even3 = Vector256<float>.Zero;
            for (nuint k = 0; k < (nuint)half; k++)
            {
                Vector256<float> c0 = Vector256.Create(Unsafe.Add(ref c, 2 * k));
                Vector256<float> c1 = Vector256.Create(Unsafe.Add(ref c, (2 * k) + 1));
                odd0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref o, k), c0, odd0);
                odd1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref o, k + 8), c0, odd1);
                odd2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref o, k + 16), c0, odd2);
                odd3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref o, k + 24), c0, odd3);
                even0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref e, k), c1, even0);
                even1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref e, k + 8), c1, even1);
                even2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref e, k + 16), c1, even2);
                even3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref e, k + 24), c1, even3);
            }

            ToPcm16(odd0 + even0).StoreUnsafe(ref destination, (nuint)i);
            ToPcm16(odd1 + even1).StoreUnsafe(ref destination, (nuint)(i + 8));
            ToPcm16(odd2 + even2).StoreUnsafe(ref destination, (nuint)(i + 16));
            ToPcm16(odd3 + even3).StoreUnsafe(ref destination, (nuint)(i + 24));
        }

        // The rest, eight at a time with the same per-lane arithmetic; a partial last vector stores only its valid lanes.
        for (; i < count; i += 8)
        {
            ref float o = ref Unsafe.Add(ref odd, i);
            ref float e = ref Unsafe.Add(ref even, i);
            Vector256<float> oddSum = Vector256<float>.Zero;
            Vector256<float> evenSum = Vector256<float>.Zero;
            for (nuint k = 0; k < (nuint)half; k++)
            {
                oddSum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref o, k), Vector256.Create(Unsafe.Add(ref c, 2 * k)), oddSum);
                evenSum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref e, k), Vector256.Create(Unsafe.Add(ref c, (2 * k) + 1)), evenSum);
            }

            Vector128<short> samples = ToPcm16(oddSum + evenSum);
            if (count - i >= 8)
            {
                samples.StoreUnsafe(ref destination, (nuint)i);
            }
            else
            {
                for (int lane = 0; lane < count - i; lane++)
                {
                    output[i + lane] = samples.GetElement(lane);
                }
            }
        }
    }

    private static void HalfRate128(ref float odd, ref float even, ref float c, int half, Span<short> output)
    {
        for (int i = 0; i < output.Length; i += 4)
        {
            ref float o = ref Unsafe.Add(ref odd, i);
            ref float e = ref Unsafe.Add(ref even, i);
            Vector128<float> oddSum = Vector128<float>.Zero;
            Vector128<float> evenSum = Vector128<float>.Zero;
            for (nuint k = 0; k < (nuint)half; k++)
            {
                oddSum = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref o, k), Vector128.Create(Unsafe.Add(ref c, 2 * k)), oddSum);
                evenSum = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref e, k), Vector128.Create(Unsafe.Add(ref c, (2 * k) + 1)), evenSum);
            }

            Vector128<float> sums = oddSum + evenSum;
            for (int lane = 0; lane < Math.Min(4, output.Length - i); lane++)
            {
                output[i + lane] = Saturate(sums.GetElement(lane));
            }
        }
    }

    private static void HalfRateScalar(ref float odd, ref float even, ref float c, int half, Span<short> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            float oddSum = 0;
            float evenSum = 0;
            for (int k = 0; k < half; k++)
            {
                oddSum += Unsafe.Add(ref odd, i + k) * Unsafe.Add(ref c, 2 * k);
                evenSum += Unsafe.Add(ref even, i + k) * Unsafe.Add(ref c, (2 * k) + 1);
            }

            output[i] = Saturate(oddSum + evenSum);
        }
    }

    // Moves the history the next output still needs to the front of both streams.
    private void CompactHalfRate()
    {
        int shift = _halfRateNext;
        if (shift <= 0)
        {
            return;
        }

        _evenStream.AsSpan(shift, _evenCount - shift).CopyTo(_evenStream);
        _oddStream.AsSpan(shift, _oddCount - shift).CopyTo(_oddStream);
        _evenCount -= shift;
        _oddCount -= shift;
        _halfRateNext = 0;
    }

    // Converts to float once, splitting even- and odd-indexed samples into their streams. On a little-endian
    // machine a pair of samples read as one int holds the even sample in its low half and the odd one in its high half.
    private void AppendDeinterleaved(ReadOnlySpan<short> input, bool firstIsOdd)
    {
        if (firstIsOdd && !input.IsEmpty)
        {
            _oddStream[_oddCount++] = input[0];
            input = input.Slice(1);
        }

        int pairs = input.Length / 2;
        ref short source = ref MemoryMarshal.GetReference(input);
        ref float even = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_evenStream), _evenCount);
        ref float odd = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_oddStream), _oddCount);
        ref int sourcePairs = ref Unsafe.As<short, int>(ref source);
        int p = 0;
        if (BitConverter.IsLittleEndian && Vector256.IsHardwareAccelerated)
        {
            for (; p + Vector256<int>.Count <= pairs; p += Vector256<int>.Count)
            {
                Vector256<int> both = Vector256.LoadUnsafe(ref sourcePairs, (nuint)p);
                Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(both, 16), 16)).StoreUnsafe(ref even, (nuint)p);
                Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(both, 16)).StoreUnsafe(ref odd, (nuint)p);
            }
        }
        else if (BitConverter.IsLittleEndian && Vector128.IsHardwareAccelerated)
        {
            for (; p + Vector128<int>.Count <= pairs; p += Vector128<int>.Count)
            {
                Vector128<int> both = Vector128.LoadUnsafe(ref sourcePairs, (nuint)p);
                Vector128.ConvertToSingle(Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(both, 16), 16)).StoreUnsafe(ref even, (nuint)p);
                Vector128.ConvertToSingle(Vector128.ShiftRightArithmetic(both, 16)).StoreUnsafe(ref odd, (nuint)p);
            }
        }

        for (; p < pairs; p++)
        {
            Unsafe.Add(ref even, p) = Unsafe.Add(ref source, 2 * p);
            Unsafe.Add(ref odd, p) = Unsafe.Add(ref source, (2 * p) + 1);
        }

        _evenCount += pairs;
        _oddCount += pairs;
        if ((input.Length & 1) != 0)
        {
            _evenStream[_evenCount++] = input[^1];
        }
    }
}
