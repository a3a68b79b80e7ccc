using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RealtimeVoiceAgent.Audio;

/// <content>
/// The 2:1 decimator (48 kHz to 24 kHz). Output <c>n</c> is the dot product of the filter with input samples
/// <c>2n - taps + 1 .. 2n</c>; splitting the input into its even and odd samples turns that into
/// <c>sum over k of c[2k] * odd[n + k] + c[2k + 1] * even[n + k + 1]</c> (with <c>taps / 2</c> leading zeros in
/// each stream), where consecutive outputs read consecutive floats. So eight outputs are one vector: each
/// coefficient is broadcast once and multiplied into 32 outputs at a time, with no horizontal reductions and
/// about 1.25 loads per multiply-add instead of 2. Every output lane runs the same sequence of multiply-adds
/// whatever vector group it falls in, so chunk boundaries still change no output sample.
/// </content>
public sealed partial class Pcm16Resampler
{
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
