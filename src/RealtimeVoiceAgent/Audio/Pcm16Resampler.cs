using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// A streaming polyphase windowed-sinc resampler for mono 16-bit PCM between any two of 8000, 16000,
/// 22050, 24000, 32000, 44100 and 48000 Hz.
/// </summary>
/// <remarks>
/// <para>
/// The rate ratio is reduced to <c>up:down</c> (48 kHz to 24 kHz is 1:2, 44.1 kHz to 24 kHz is 80:147) and one
/// Kaiser-windowed sinc low-pass prototype is split into <c>up</c> phases, each stored as a contiguous
/// coefficient row so every output sample is one float dot product.
/// </para>
/// <para>
/// Filter design, relative to the lower of the two Nyquist frequencies (12 kHz for any conversion to or
/// from 24 kHz): Kaiser transition band from 0.79 to 1.083 (9.5 to 13 kHz) with 90 dB design attenuation
/// (80 taps per output for 48 kHz to 24 kHz, 72 for 44.1 kHz to 24 kHz). The response is within 0.3 dB to
/// 0.85 of the lower Nyquist frequency (10 kHz for 24 kHz); content between the Nyquist frequency and 1.083 folds
/// back attenuated into the band just below the Nyquist frequency (11 to 12 kHz for 24 kHz), never into the
/// passband. Tones from 13 kHz up are rejected by more than 85 dB when going to 24 kHz.
/// </para>
/// <para>
/// State (the input history and the filter phase) carries across calls, so splitting the input into
/// chunks of any size, including empty chunks, produces exactly the same output samples as one call.
/// The output lags the input by <see cref="GroupDelaySamples"/> output samples; the first output sample
/// corresponds to input time zero with silence before it.
/// </para>
/// <para>
/// Nothing is allocated after construction. An instance is not thread-safe: use one per audio stream.
/// Equal input and output rates copy the samples unchanged. Input is converted to float once, into the history.
/// The 2:1 decimation (48 kHz to 24 kHz) splits it into even and odd samples and computes eight outputs per
/// vector; whole-factor upsampling (24 kHz to 48 kHz, 8 kHz to 24 kHz) computes eight outputs of one phase per
/// vector; every other ratio computes each output as one dot product over a polyphase row, four at a time (four
/// outputs of the same row where a whole period of the ratio is in the history). The vector kernels run on 256-bit
/// vectors where the CPU accelerates them (AVX2), otherwise on 128-bit vectors or scalar code; the output can
/// differ in the last bit between those machines, never between chunkings on one machine.
/// </para>
/// </remarks>
public sealed partial class Pcm16Resampler
{
    // Filter design, as fractions of the lower Nyquist frequency (see the remarks). The edges are the Kaiser
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

    private int _count;
    private int _nextIndex;
    private int _phase;
    private long _inputCount;
    private long _outputCount;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/>.</summary>
    /// <param name="inputRate">The input sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 or 48000.</param>
    /// <param name="outputRate">The output sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 or 48000.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not one of the supported rates.</exception>
    public Pcm16Resampler(int inputRate, int outputRate)
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
            _buffer = new float[_taps - 1 + BlockSize + HistorySlack];
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

    /// <summary>Gets the group delay as a duration (see <see cref="GroupDelaySamples"/>).</summary>
    public TimeSpan GroupDelay => TimeSpan.FromSeconds(GroupDelaySamples / OutputRate);

    /// <summary>Returns the most output samples one <see cref="Process(ReadOnlySpan{short}, Span{short})"/> call can write for an input of <paramref name="inputLength"/> samples.</summary>
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
    /// <param name="output">Where to write the output; <see cref="GetMaxOutputLength(int)"/> of the input length is always enough.</param>
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ProcessGeneral(ReadOnlySpan<short> input, Span<short> output)
    {
        int written = 0;
        while (true)
        {
            Span<short> rest = output.Slice(written);
            written += IsWholeUpsample ? DrainUpsample(rest) : UseAvx ? DrainAvx(rest) : DrainPortable(rest);
            if (input.IsEmpty)
            {
                break;
            }

            Compact();
            int chunk = Math.Min(input.Length, _buffer.Length - HistorySlack - _count);
            ConvertToSingle(input.Slice(0, chunk), _buffer.AsSpan(_count, chunk));
            _count += chunk;
            input = input.Slice(chunk);
        }

        return written;
    }

    /// <summary>Resamples a chunk of little-endian PCM16 bytes, continuing from the previous chunk.</summary>
    /// <param name="input">The next input bytes (whole samples, so an even length); may be empty.</param>
    /// <param name="output">Where to write the output bytes; twice <see cref="GetMaxOutputLength(int)"/> of the input sample count is always enough.</param>
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

    // Writes every output whose window is complete in the buffer, four at a time; returns how many.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        ref short destination = ref MemoryMarshal.GetReference(output);

        int written = 0;

        // Whole periods first: outputs m, m + up, m + 2 up and m + 3 up share a polyphase row and their windows
        // start exactly down samples apart, so one coefficient load serves four outputs (the loads, not the
        // multiply-adds, bound this loop). 'up' outputs advance the window by exactly 'down' samples and return to
        // the same phase, so every period starts on this phase and its last output's newest sample is lastOffset
        // samples after the period's first.
        int down = (stepWhole * up) + stepFraction;
        int lastOffset = (phase + ((up - 1) * down)) / up;
        while (next + (3 * down) + lastOffset < count)
        {
            int blockNext = next;
            int blockPhase = phase;
            ref short block = ref Unsafe.Add(ref destination, written);
            for (int g = 0; g < up; g++)
            {
                (Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3) = AccumulateQuadSharedRow256(
                    ref Unsafe.Add(ref history, blockNext - taps + 1),
                    down,
                    ref Unsafe.Add(ref coefficients, blockPhase * taps),
                    taps);
                Vector128<short> samples = ToPcm16(ReduceFour(p0, p1, p2, p3));
                Unsafe.Add(ref block, g) = samples.GetElement(0);
                Unsafe.Add(ref block, g + up) = samples.GetElement(1);
                Unsafe.Add(ref block, g + (2 * up)) = samples.GetElement(2);
                Unsafe.Add(ref block, g + (3 * up)) = samples.GetElement(3);
                Advance(ref blockNext, ref blockPhase, stepWhole, stepFraction, up);
            }

            next += 4 * down;
            written += 4 * up;
        }

        // Three whole periods left: three outputs per row (six chains), still cheaper than consecutive outputs.
        if (next + (2 * down) + lastOffset < count)
        {
            int blockNext = next;
            int blockPhase = phase;
            ref short block = ref Unsafe.Add(ref destination, written);
            for (int g = 0; g < up; g++)
            {
                (Vector256<float> p0, Vector256<float> p1, Vector256<float> p2) = AccumulateTripleSharedRow256(
                    ref Unsafe.Add(ref history, blockNext - taps + 1),
                    down,
                    ref Unsafe.Add(ref coefficients, blockPhase * taps),
                    taps);
                Vector128<short> samples = ToPcm16(ReduceFour(p0, p1, p2, Vector256<float>.Zero));
                Unsafe.Add(ref block, g) = samples.GetElement(0);
                Unsafe.Add(ref block, g + up) = samples.GetElement(1);
                Unsafe.Add(ref block, g + (2 * up)) = samples.GetElement(2);
                Advance(ref blockNext, ref blockPhase, stepWhole, stepFraction, up);
            }

            next += 3 * down;
            written += 3 * up;
        }

        while (next < count)
        {
            int next1 = next, phase1 = phase;
            Advance(ref next1, ref phase1, stepWhole, stepFraction, up);
            int next2 = next1, phase2 = phase1;
            Advance(ref next2, ref phase2, stepWhole, stepFraction, up);
            int next3 = next2, phase3 = phase2;
            Advance(ref next3, ref phase3, stepWhole, stepFraction, up);
            if (next3 < count)
            {
                // Four outputs at once: eight independent multiply-add chains keep the FMA units busy where one
                // output's two chains would wait on the FMA latency. Each output adds its products in exactly the
                // order of Accumulate256 and is reduced by the same tree, so chunk boundaries change nothing.
                (Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3) = AccumulateQuad256(
                    ref Unsafe.Add(ref history, next - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase * taps),
                    ref Unsafe.Add(ref history, next1 - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase1 * taps),
                    ref Unsafe.Add(ref history, next2 - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase2 * taps),
                    ref Unsafe.Add(ref history, next3 - taps + 1),
                    ref Unsafe.Add(ref coefficients, phase3 * taps),
                    taps);
                Vector128<short> samples = ToPcm16(ReduceFour(p0, p1, p2, p3));
                Unsafe.WriteUnaligned(ref Unsafe.As<short, byte>(ref Unsafe.Add(ref destination, written)), samples.AsInt64().ToScalar());
                written += 4;
                Advance(ref next3, ref phase3, stepWhole, stepFraction, up);
                next = next3;
                phase = phase3;
            }
            else
            {
                // At most three outputs before the end of the history: one at a time.
                Vector256<float> sum = Accumulate256(ref Unsafe.Add(ref history, next - taps + 1), ref Unsafe.Add(ref coefficients, phase * taps), taps);
                output[written++] = ToPcm16(ReduceFour(sum, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero)).GetElement(0);
                next = next1;
                phase = phase1;
            }
        }

        _nextIndex = next;
        _phase = phase;
        return written;
    }

    // Writes every output whose window is complete in the buffer; returns how many.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float> First, Vector256<float> Second, Vector256<float> Third, Vector256<float> Fourth) AccumulateQuad256(
        ref float x0, ref float c0, ref float x1, ref float c1, ref float x2, ref float c2, ref float x3, ref float c3, int length)
    {
        Vector256<float> sum00 = Vector256<float>.Zero, sum01 = Vector256<float>.Zero;
        Vector256<float> sum10 = Vector256<float>.Zero, sum11 = Vector256<float>.Zero;
        Vector256<float> sum20 = Vector256<float>.Zero, sum21 = Vector256<float>.Zero;
        Vector256<float> sum30 = Vector256<float>.Zero, sum31 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= (nuint)length; i += 16)
        {
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i), Vector256.LoadUnsafe(ref c0, i), sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), Vector256.LoadUnsafe(ref c1, i), sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), Vector256.LoadUnsafe(ref c2, i), sum20);
            sum30 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i), Vector256.LoadUnsafe(ref c3, i), sum30);
            sum01 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i + 8), Vector256.LoadUnsafe(ref c0, i + 8), sum01);
            sum11 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i + 8), Vector256.LoadUnsafe(ref c1, i + 8), sum11);
            sum21 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i + 8), Vector256.LoadUnsafe(ref c2, i + 8), sum21);
            sum31 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i + 8), Vector256.LoadUnsafe(ref c3, i + 8), sum31);
        }

        if (i < (nuint)length)
        {
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x0, i), Vector256.LoadUnsafe(ref c0, i), sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), Vector256.LoadUnsafe(ref c1, i), sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), Vector256.LoadUnsafe(ref c2, i), sum20);
            sum30 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i), Vector256.LoadUnsafe(ref c3, i), sum30);
        }

        return (sum00 + sum01, sum10 + sum11, sum20 + sum21, sum30 + sum31);
    }

    // Four outputs with the same coefficient row whose windows start 'stride' samples apart, each added exactly as Accumulate256 adds.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float> First, Vector256<float> Second, Vector256<float> Third, Vector256<float> Fourth) AccumulateQuadSharedRow256(
        ref float x, int stride, ref float c, int length)
    {
        ref float x1 = ref Unsafe.Add(ref x, stride);
        ref float x2 = ref Unsafe.Add(ref x1, stride);
        ref float x3 = ref Unsafe.Add(ref x2, stride);
        Vector256<float> sum00 = Vector256<float>.Zero, sum01 = Vector256<float>.Zero;
        Vector256<float> sum10 = Vector256<float>.Zero, sum11 = Vector256<float>.Zero;
        Vector256<float> sum20 = Vector256<float>.Zero, sum21 = Vector256<float>.Zero;
        Vector256<float> sum30 = Vector256<float>.Zero, sum31 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= (nuint)length; i += 16)
        {
            Vector256<float> c0 = Vector256.LoadUnsafe(ref c, i);
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), c0, sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), c0, sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), c0, sum20);
            sum30 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i), c0, sum30);
            Vector256<float> c1 = Vector256.LoadUnsafe(ref c, i + 8);
            sum01 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i + 8), c1, sum01);
            sum11 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i + 8), c1, sum11);
            sum21 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i + 8), c1, sum21);
            sum31 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i + 8), c1, sum31);
        }

        if (i < (nuint)length)
        {
            Vector256<float> c0 = Vector256.LoadUnsafe(ref c, i);
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), c0, sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), c0, sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), c0, sum20);
            sum30 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x3, i), c0, sum30);
        }

        return (sum00 + sum01, sum10 + sum11, sum20 + sum21, sum30 + sum31);
    }

    // Three outputs with the same coefficient row whose windows start 'stride' samples apart, each added exactly as Accumulate256 adds.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<float> First, Vector256<float> Second, Vector256<float> Third) AccumulateTripleSharedRow256(
        ref float x, int stride, ref float c, int length)
    {
        ref float x1 = ref Unsafe.Add(ref x, stride);
        ref float x2 = ref Unsafe.Add(ref x1, stride);
        Vector256<float> sum00 = Vector256<float>.Zero, sum01 = Vector256<float>.Zero;
        Vector256<float> sum10 = Vector256<float>.Zero, sum11 = Vector256<float>.Zero;
        Vector256<float> sum20 = Vector256<float>.Zero, sum21 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + 16 <= (nuint)length; i += 16)
        {
            Vector256<float> c0 = Vector256.LoadUnsafe(ref c, i);
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), c0, sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), c0, sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), c0, sum20);
            Vector256<float> c1 = Vector256.LoadUnsafe(ref c, i + 8);
            sum01 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i + 8), c1, sum01);
            sum11 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i + 8), c1, sum11);
            sum21 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i + 8), c1, sum21);
        }

        if (i < (nuint)length)
        {
            Vector256<float> c0 = Vector256.LoadUnsafe(ref c, i);
            sum00 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, i), c0, sum00);
            sum10 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x1, i), c0, sum10);
            sum20 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x2, i), c0, sum20);
        }

        return (sum00 + sum01, sum10 + sum11, sum20 + sum21);
    }

    // Lane i of the result is the sum of the eight lanes of the i-th argument, always added in the same tree:
    // ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)). Each lane depends only on its own vector, so an output
    // reduced alone (with zero neighbours) gets exactly the value it gets in a quad.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> ReduceFour(Vector256<float> first, Vector256<float> second, Vector256<float> third, Vector256<float> fourth)
    {
        // After the two rounds of horizontal adds, the lower half holds the four outputs' sums of lanes 0-3 and the upper half of lanes 4-7.
        Vector256<float> sums = Avx.HorizontalAdd(Avx.HorizontalAdd(first, second), Avx.HorizontalAdd(third, fourth));
        return sums.GetLower() + sums.GetUpper();
    }

    // Rounds to nearest (ties to even, like MathF.Round) and saturates to the PCM16 range. The values are whole and
    // in range before the conversion (the sums of finite samples are never NaN), so the native conversion, without
    // the saturation fix-ups of ConvertToInt32, gives the same integers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> ToPcm16(Vector256<float> sums)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(Vector256.Round(sums), Vector256.Create(-32768f)), Vector256.Create(32767f));
        Vector256<int> integers = Vector256.ConvertToInt32Native(clamped);
        return Vector128.Narrow(integers.GetLower(), integers.GetUpper());
    }

    // As above for four sums; the four samples are the lower half of the result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> ToPcm16(Vector128<float> sums)
    {
        Vector128<float> clamped = Vector128.Min(Vector128.Max(Vector128.Round(sums), Vector128.Create(-32768f)), Vector128.Create(32767f));
        Vector128<int> integers = Vector128.ConvertToInt32Native(clamped);
        return Vector128.Narrow(integers, integers);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float DotProductScalar(ref float x, ref float c, int length)
    {
        float sum = 0;
        for (int i = 0; i < length; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
}
