using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace RealtimeVoiceAgent.Audio;

// Throws for the audio hot paths, kept out of line so the callers stay small and inlinable (STYLE.md 25).
internal static class AudioThrowHelper
{
    [DoesNotReturn]
    public static void ThrowUnsupportedRate(int rate, string parameterName) =>
        throw CreateUnsupportedRateException(rate, parameterName);

    [DoesNotReturn]
    public static void ThrowOutputTooSmall(string parameterName, int required) =>
        throw CreateOutputTooSmallException(parameterName, required);

    [DoesNotReturn]
    public static void ThrowOddByteCount(string parameterName) =>
        throw new ArgumentException("PCM16 input must hold whole 2-byte samples; pass an even number of bytes and keep an odd trailing byte for the next call.", parameterName);

    [DoesNotReturn]
    public static void ThrowBigEndian() =>
        throw new PlatformNotSupportedException("The byte overloads read little-endian PCM16 in place and need a little-endian platform; use the short overloads instead.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException CreateUnsupportedRateException(int rate, string parameterName) =>
        new(parameterName, rate, $"Sample rate {rate} Hz is not supported. Supported rates: {string.Join(", ", Pcm16Resampler.SupportedRates.ToArray())} Hz.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException CreateOutputTooSmallException(string parameterName, int required) =>
        new($"The destination is too small: this call needs room for {required} samples. Size it with GetMaxOutputLength.", parameterName);
}
