using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RealtimeVoiceAgent.Audio;

/// <content>
/// Whole-factor upsampling (down == 1: 24 kHz to 48 kHz is 2:1 up, 8 kHz to 24 kHz 3:1). Output
/// <c>up * n + r</c> is <c>sum over j of row_r[j] * x[n - taps + 1 + j]</c>: for one phase <c>r</c> that is a
/// plain FIR over contiguous input, so eight consecutive outputs of a phase are one vector, each coefficient is
/// broadcast once and multiplied into 32 of them, and the input vector is shared by the phases. The phases are
/// interleaved only when the samples are stored. Every output lane runs the same sequence of multiply-adds
/// (one accumulator, taps in row order) whatever block it falls in, so chunk boundaries change no output sample.
/// </content>
public sealed partial class Pcm16Resampler
{
    // The kernel reads up to 7 floats past the newest sample for a partial last vector; they are never stored.
    private const int HistorySlack = 8;

    // The interleaving stores assume little-endian 16-bit lanes within 32-bit ones.
    private bool IsWholeUpsample => _down == 1 && Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    // Writes every output of every input sample in the history (down == 1 always ends on phase 0); returns how many.
    private int DrainUpsample(Span<short> output)
    {
        Debug.Assert(_phase == 0, "With down == 1 every drain ends after the last phase of the newest sample.");
        int inputs = _count - _nextIndex;
        if (inputs <= 0)
        {
            return 0;
        }

        int taps = _taps;
        ref float x = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _nextIndex - taps + 1);
        ref float coefficients = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_coefficients), _coefficientOffset);
        output = output.Slice(0, inputs * _up);
        if (_up == 2)
        {
            Upsample2x256(ref x, ref coefficients, taps, inputs, output);
        }
        else
        {
            UpsampleAny256(ref x, ref coefficients, taps, _up, inputs, output);
        }

        _nextIndex += inputs;
        return inputs * _up;
    }

    // Two phases: 32 inputs (64 outputs) per pass with 8 accumulators, then 8 inputs per pass for the rest.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Upsample2x256(ref float x, ref float c, int taps, int inputs, Span<short> output)
    {
        ref float c1 = ref Unsafe.Add(ref c, taps);
        ref short destination = ref MemoryMarshal.GetReference(output);
        int n = 0;
        for (; n + 32 <= inputs; n += 32)
        {
            ref float window = ref Unsafe.Add(ref x, n);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
            Vector256<float> b0 = Vector256<float>.Zero, b1 = Vector256<float>.Zero, b2 = Vector256<float>.Zero, b3 = Vector256<float>.Zero;
            for (nuint j = 0; j < (nuint)taps; j++)
            {
                Vector256<float> even = Vector256.Create(Unsafe.Add(ref c, j));
                Vector256<float> odd = Vector256.Create(Unsafe.Add(ref c1, j));
                Vector256<float> x0 = Vector256.LoadUnsafe(ref window, j);
                Vector256<float> x1 = Vector256.LoadUnsafe(ref window, j + 8);
                Vector256<float> x2 = Vector256.LoadUnsafe(ref window, j + 16);
                Vector256<float> x3 = Vector256.LoadUnsafe(ref window, j + 24);
                a0 = Vector256.MultiplyAddEstimate(x0, even, a0);
                b0 = Vector256.MultiplyAddEstimate(x0, odd, b0);
                a1 = Vector256.MultiplyAddEstimate(x1, even, a1);
                b1 = Vector256.MultiplyAddEstimate(x1, odd, b1);
                a2 = Vector256.MultiplyAddEstimate(x2, even, a2);
                b2 = Vector256.MultiplyAddEstimate(x2, odd, b2);
                a3 = Vector256.MultiplyAddEstimate(x3, even, a3);
                b3 = Vector256.MultiplyAddEstimate(x3, odd, b3);
            }

            ref short block = ref Unsafe.Add(ref destination, 2 * n);
            Interleave2(a0, b0).StoreUnsafe(ref block, 0);
            Interleave2(a1, b1).StoreUnsafe(ref block, 16);
            Interleave2(a2, b2).StoreUnsafe(ref block, 32);
            Interleave2(a3, b3).StoreUnsafe(ref block, 48);
        }

        for (; n < inputs; n += 8)
        {
            ref float window = ref Unsafe.Add(ref x, n);
            Vector256<float> a = Vector256<float>.Zero;
            Vector256<float> b = Vector256<float>.Zero;
            for (nuint j = 0; j < (nuint)taps; j++)
            {
                Vector256<float> x0 = Vector256.LoadUnsafe(ref window, j);
                a = Vector256.MultiplyAddEstimate(x0, Vector256.Create(Unsafe.Add(ref c, j)), a);
                b = Vector256.MultiplyAddEstimate(x0, Vector256.Create(Unsafe.Add(ref c1, j)), b);
            }

            Vector256<short> samples = Interleave2(a, b);
            if (inputs - n >= 8)
            {
                samples.StoreUnsafe(ref destination, (nuint)(2 * n));
            }
            else
            {
                for (int lane = 0; lane < 2 * (inputs - n); lane++)
                {
                    output[(2 * n) + lane] = samples.GetElement(lane);
                }
            }
        }
    }

    // Any factor: phases in pairs (8 accumulators sharing the input loads; an odd last phase alone with 4), each over
    // 32 inputs per pass, then 8 inputs per pass for the rest. Every lane runs one straight chain over its row either way.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UpsampleAny256(ref float x, ref float c, int taps, int up, int inputs, Span<short> output)
    {
        ref short destination = ref MemoryMarshal.GetReference(output);
        int n = 0;
        for (; n + 32 <= inputs; n += 32)
        {
            ref float window = ref Unsafe.Add(ref x, n);
            int r = 0;
            for (; r + 2 <= up; r += 2)
            {
                ref float row = ref Unsafe.Add(ref c, r * taps);
                ref float nextRow = ref Unsafe.Add(ref row, taps);
                Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
                Vector256<float> b0 = Vector256<float>.Zero, b1 = Vector256<float>.Zero, b2 = Vector256<float>.Zero, b3 = Vector256<float>.Zero;
                for (nuint j = 0; j < (nuint)taps; j++)
                {
                    Vector256<float> first = Vector256.Create(Unsafe.Add(ref row, j));
                    Vector256<float> second = Vector256.Create(Unsafe.Add(ref nextRow, j));
                    Vector256<float> x0 = Vector256.LoadUnsafe(ref window, j);
                    Vector256<float> x1 = Vector256.LoadUnsafe(ref window, j + 8);
                    Vector256<float> x2 = Vector256.LoadUnsafe(ref window, j + 16);
                    Vector256<float> x3 = Vector256.LoadUnsafe(ref window, j + 24);
                    a0 = Vector256.MultiplyAddEstimate(x0, first, a0);
                    b0 = Vector256.MultiplyAddEstimate(x0, second, b0);
                    a1 = Vector256.MultiplyAddEstimate(x1, first, a1);
                    b1 = Vector256.MultiplyAddEstimate(x1, second, b1);
                    a2 = Vector256.MultiplyAddEstimate(x2, first, a2);
                    b2 = Vector256.MultiplyAddEstimate(x2, second, b2);
                    a3 = Vector256.MultiplyAddEstimate(x3, first, a3);
                    b3 = Vector256.MultiplyAddEstimate(x3, second, b3);
                }

                StoreStrided8(ToPcm16(a0), ref destination, (n * up) + r, up);
                StoreStrided8(ToPcm16(a1), ref destination, ((n + 8) * up) + r, up);
                StoreStrided8(ToPcm16(a2), ref destination, ((n + 16) * up) + r, up);
                StoreStrided8(ToPcm16(a3), ref destination, ((n + 24) * up) + r, up);
                StoreStrided8(ToPcm16(b0), ref destination, (n * up) + r + 1, up);
                StoreStrided8(ToPcm16(b1), ref destination, ((n + 8) * up) + r + 1, up);
                StoreStrided8(ToPcm16(b2), ref destination, ((n + 16) * up) + r + 1, up);
                StoreStrided8(ToPcm16(b3), ref destination, ((n + 24) * up) + r + 1, up);
            }

            if (r < up)
            {
                ref float row = ref Unsafe.Add(ref c, r * taps);
                Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
                for (nuint j = 0; j < (nuint)taps; j++)
                {
                    Vector256<float> coefficient = Vector256.Create(Unsafe.Add(ref row, j));
                    a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref window, j), coefficient, a0);
                    a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref window, j + 8), coefficient, a1);
                    a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref window, j + 16), coefficient, a2);
                    a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref window, j + 24), coefficient, a3);
                }

                StoreStrided8(ToPcm16(a0), ref destination, (n * up) + r, up);
                StoreStrided8(ToPcm16(a1), ref destination, ((n + 8) * up) + r, up);
                StoreStrided8(ToPcm16(a2), ref destination, ((n + 16) * up) + r, up);
                StoreStrided8(ToPcm16(a3), ref destination, ((n + 24) * up) + r, up);
            }
        }

        for (; n < inputs; n += 8)
        {
            ref float window = ref Unsafe.Add(ref x, n);
            int lanes = Math.Min(8, inputs - n);
            for (int r = 0; r < up; r++)
            {
                ref float row = ref Unsafe.Add(ref c, r * taps);
                Vector256<float> a = Vector256<float>.Zero;
                for (nuint j = 0; j < (nuint)taps; j++)
                {
                    a = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref window, j), Vector256.Create(Unsafe.Add(ref row, j)), a);
                }

                StoreStrided(ToPcm16(a), output, (n * up) + r, up, lanes);
            }
        }
    }

    // Output lanes interleaved phase 0, phase 1: the 16-bit samples of phase 1 go to the upper halves of 32-bit lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Interleave2(Vector256<float> phase0, Vector256<float> phase1)
    {
        Vector256<int> even = ToSaturatedInt32(phase0);
        Vector256<int> odd = ToSaturatedInt32(phase1);
        return ((even & Vector256.Create(0xFFFF)) | Vector256.ShiftLeft(odd, 16)).AsInt16();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ToSaturatedInt32(Vector256<float> sums) =>
        Vector256.ConvertToInt32Native(Vector256.Min(Vector256.Max(Vector256.Round(sums), Vector256.Create(-32768f)), Vector256.Create(32767f)));

    // Eight samples of one phase, 'stride' apart, all inside the output (the caller's pass is whole): unrolled,
    // without bounds checks, because the 32-input passes store every sample this way.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreStrided8(Vector128<short> samples, ref short destination, int start, int stride)
    {
        ref short first = ref Unsafe.Add(ref destination, start);
        Unsafe.Add(ref first, 0) = samples.GetElement(0);
        Unsafe.Add(ref first, stride) = samples.GetElement(1);
        Unsafe.Add(ref first, 2 * stride) = samples.GetElement(2);
        Unsafe.Add(ref first, 3 * stride) = samples.GetElement(3);
        Unsafe.Add(ref first, 4 * stride) = samples.GetElement(4);
        Unsafe.Add(ref first, 5 * stride) = samples.GetElement(5);
        Unsafe.Add(ref first, 6 * stride) = samples.GetElement(6);
        Unsafe.Add(ref first, 7 * stride) = samples.GetElement(7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreStrided(Vector128<short> samples, Span<short> output, int start, int stride, int lanes)
    {
        for (int lane = 0; lane < lanes; lane++)
        {
            output[start + (lane * stride)] = samples.GetElement(lane);
        }
    }
}
