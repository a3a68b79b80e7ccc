using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// from 24 kHz): flat passband to 0.85 (10.2 kHz), stopband from 1.05 (12.6 kHz) with 95 dB design
/// attenuation. Content between the Nyquist frequency and the stopband edge may fold back into the band
/// above the passband, never into it. Tones from 13 kHz up are rejected by at least 85 dB when going to 24 kHz.
/// </para>
/// <para>
/// State (the input history and the filter phase) carries across calls, so splitting the input into
/// chunks of any size, including empty chunks, produces exactly the same output samples as one call.
/// The output lags the input by <see cref="GroupDelaySamples"/> output samples; the first output sample
/// corresponds to input time zero with silence before it.
/// </para>
/// <para>
/// Nothing is allocated after construction. An instance is not thread-safe: use one per audio stream.
/// Equal input and output rates copy the samples unchanged.
/// </para>
/// </remarks>
public sealed class Pcm16Resampler
{
    // Filter design, as fractions of the lower Nyquist frequency (see the remarks).
    private const double PassbandEdge = 0.85;
    private const double StopbandEdge = 1.05;

    // 10 dB of margin over the 85 dB the alias-rejection tests demand, for the PCM16 rounding of the output.
    private const double StopbandAttenuationDb = 95.0;

    // Taps per phase are padded to a multiple of 16 so the SIMD dot products need no remainder loop.
    private const int TapAlignment = 16;

    // Input samples converted per pass; bounds the history buffer independently of the caller's chunk size.
    private const int BlockSize = 2048;

    private static readonly int[] s_supportedRates = [8000, 16000, 22050, 24000, 32000, 44100, 48000];

    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly int _stepWhole;
    private readonly int _stepFraction;

    // Phase-major rows of _taps coefficients; each row is time-reversed so that row[j] multiplies the
    // j-th oldest sample of the window, which makes every output one straight dot product.
    private readonly float[] _coefficients;

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
        _coefficients = DesignPolyphaseTable(_up, _taps, cutoff, KaiserBeta(StopbandAttenuationDb));
        _buffer = new float[_taps - 1 + BlockSize];
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
    /// for the reduced ratio <c>up:down</c>, for example 31.75 samples (1.32 ms) for 48 kHz to 24 kHz; 0 when the rates are equal.
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

        int written = 0;
        while (true)
        {
            written += Drain(output.Slice(written));
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

        Debug.Assert(written == required, "The drain loop must produce exactly ceil(input * up / down) samples in total.");
        _inputCount = totalInput;
        _outputCount += written;
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

    // Writes every output whose window is complete in the buffer; returns how many.
    private int Drain(Span<short> output)
    {
        int taps = _taps;
        int up = _up;
        int stepWhole = _stepWhole;
        int stepFraction = _stepFraction;
        int next = _nextIndex;
        int phase = _phase;
        int count = _count;
        ref float history = ref MemoryMarshal.GetArrayDataReference(_buffer);
        ref float coefficients = ref MemoryMarshal.GetArrayDataReference(_coefficients);

        int written = 0;
        while (next < count)
        {
            float sum = DotProduct(
                ref Unsafe.Add(ref history, next - taps + 1),
                ref Unsafe.Add(ref coefficients, phase * taps),
                taps);
            output[written++] = Saturate(sum);

            next += stepWhole;
            phase += stepFraction;
            if (phase >= up)
            {
                phase -= up;
                next++;
            }
        }

        _nextIndex = next;
        _phase = phase;
        return written;
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
    private static float DotProduct(ref float x, ref float c, int length)
    {
        // Vector256 and wider run emulated (about 12x slower) where the hardware lacks them, so each
        // width is used only when it is accelerated. The JIT folds these checks to constants.
        if (Vector512.IsHardwareAccelerated)
        {
            return DotProduct512(ref x, ref c, length);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return DotProduct256(ref x, ref c, length);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            return DotProduct128(ref x, ref c, length);
        }

        return DotProductScalar(ref x, ref c, length);
    }

    // The dot products below need length to be a multiple of 16 (TapAlignment); they are internal so the
    // tests can check every width against the scalar one, whatever this machine accelerates.
    internal static float DotProduct512(ref float x, ref float c, int length)
    {
        Vector512<float> sum = Vector512<float>.Zero;
        for (int i = 0; i < length; i += 16)
        {
            sum = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref c, (nuint)i), sum);
        }

        return Vector512.Sum(sum);
    }

    internal static float DotProduct256(ref float x, ref float c, int length)
    {
        // Two accumulators halve the dependency chain of multiply-adds.
        Vector256<float> sum0 = Vector256<float>.Zero;
        Vector256<float> sum1 = Vector256<float>.Zero;
        for (int i = 0; i < length; i += 16)
        {
            sum0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref c, (nuint)i), sum0);
            sum1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, (nuint)(i + 8)), Vector256.LoadUnsafe(ref c, (nuint)(i + 8)), sum1);
        }

        return Vector256.Sum(sum0 + sum1);
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
}
