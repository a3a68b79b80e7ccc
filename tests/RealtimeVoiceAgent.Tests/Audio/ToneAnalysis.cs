using System;

namespace RealtimeVoiceAgent.Tests.Audio;

/// <summary>Pure-tone generation and single-bin DFT measurement for the resampler quality tests.</summary>
internal static class ToneAnalysis
{
    /// <summary>-6 dBFS.</summary>
    public const double Amplitude = 16384;

    /// <summary>
    /// A -20 dBFS tone at 997 Hz (a frequency none of the measured aliases or images lands on) that keeps the
    /// output busy: without it a well-rejected alias rounds to digital silence and its level cannot be measured.
    /// </summary>
    public const double ProbeFrequency = 997;

    public const double ProbeAmplitude = 3277;

    public static short[] Sine(double frequency, int sampleRate, int length, double amplitude = Amplitude, double probeAmplitude = 0)
    {
        var samples = new short[length];
        for (int n = 0; n < length; n++)
        {
            double value = amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate)
                + probeAmplitude * Math.Sin(2 * Math.PI * ProbeFrequency * n / sampleRate);
            samples[n] = (short)Math.Round(value);
        }

        return samples;
    }

    /// <summary>Amplitude and phase (of a sine, in radians) at one frequency over the whole span.</summary>
    /// <remarks>Exact (no leakage) when the span holds a whole number of cycles: integer Hz over one second.</remarks>
    public static (double Amplitude, double Phase) Measure(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double re = 0;
        double im = 0;
        double w = 2 * Math.PI * frequency / sampleRate;
        for (int n = 0; n < samples.Length; n++)
        {
            re += samples[n] * Math.Cos(w * n);
            im -= samples[n] * Math.Sin(w * n);
        }

        double scale = frequency == 0 ? 1.0 / samples.Length : 2.0 / samples.Length;
        // A sin(wn + p) has DFT phase p - pi/2.
        return (Math.Sqrt(re * re + im * im) * scale, Math.Atan2(im, re) + Math.PI / 2);
    }

    /// <summary>Folds a frequency into [0, rate/2], as sampling at <paramref name="sampleRate"/> does.</summary>
    public static double Fold(double frequency, int sampleRate)
    {
        double f = Math.Abs(frequency) % sampleRate;
        return f > sampleRate / 2.0 ? sampleRate - f : f;
    }

    public static double Decibels(double ratio) => 20 * Math.Log10(ratio);
}
