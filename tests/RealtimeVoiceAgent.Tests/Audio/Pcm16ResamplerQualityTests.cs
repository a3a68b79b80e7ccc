using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeVoiceAgent.Audio;
using Xunit;
using Xunit.Abstractions;

namespace RealtimeVoiceAgent.Tests.Audio;

/// <summary>
/// Frequency-domain quality of <see cref="Pcm16Resampler"/>, measured with -6 dBFS pure tones: each tone is
/// resampled, one second of output after 0.1 s of settling is analysed with a single-bin DFT, and integer
/// frequencies over one second fall exactly on a bin, so no window is needed.
/// </summary>
public class Pcm16ResamplerQualityTests(ITestOutputHelper output)
{
    private const double RequiredRejectionDb = 85;
    private const double MaxPassbandDeviationDb = 0.5;

    public static TheoryData<int, int> DownsamplingTo24k => new() { { 48000, 24000 }, { 44100, 24000 } };

    public static TheoryData<int, int> Upsampling => new() { { 24000, 48000 }, { 24000, 44100 }, { 8000, 24000 }, { 16000, 24000 } };

    public static TheoryData<int, int> AllCommonPairs => new()
    {
        { 48000, 24000 }, { 44100, 24000 }, { 16000, 24000 }, { 8000, 24000 },
        { 24000, 48000 }, { 24000, 44100 }, { 24000, 8000 }, { 22050, 24000 }, { 32000, 24000 },
    };

    [Theory]
    [MemberData(nameof(DownsamplingTo24k))]
    public void Process_TonesFrom13To20kHzTo24k_AliasesRejectedBy85dB(int inputRate, int outputRate)
    {
        // Arrange
        double reference = OutputAmplitude(inputRate, outputRate, 1000);
        var rejections = new List<(int Tone, double Db)>();

        // Act
        for (int tone = 13000; tone <= 20000; tone += 1000)
        {
            rejections.Add((tone, SpuriousRejectionDb(inputRate, outputRate, tone, reference)));
        }

        // Assert
        output.WriteLine($"{inputRate}->{outputRate} alias rejection: " + string.Join(", ", rejections.Select(r => $"{r.Tone / 1000} kHz {r.Db:F1} dB")));
        Assert.All(rejections, r => Assert.True(r.Db >= RequiredRejectionDb, $"{r.Tone} Hz: {r.Db:F1} dB"));
    }

    [Fact]
    public void Process_24kTo8kStopbandTones_AliasesRejectedBy85dB()
    {
        // Arrange: the lower Nyquist is 4 kHz; 13 kHz of 12 kHz at 24 kHz scales to 4334 Hz here.
        double reference = OutputAmplitude(24000, 8000, 1000);
        int[] tones = [4334, 4500, 5000, 6000, 7000, 8000, 9000, 10000, 11000];

        // Act
        var rejections = tones.Select(t => (Tone: t, Db: SpuriousRejectionDb(24000, 8000, t, reference))).ToList();

        // Assert
        output.WriteLine("24000->8000 alias rejection: " + string.Join(", ", rejections.Select(r => $"{r.Tone} Hz {r.Db:F1} dB")));
        Assert.All(rejections, r => Assert.True(r.Db >= RequiredRejectionDb, $"{r.Tone} Hz: {r.Db:F1} dB"));
    }

    [Theory]
    [MemberData(nameof(Upsampling))]
    public void Process_UpsampledPassbandTones_ImagesRejectedBy85dB(int inputRate, int outputRate)
    {
        // Arrange
        double reference = OutputAmplitude(inputRate, outputRate, 1000);
        var rejections = new List<(int Tone, double Db)>();

        // Act
        foreach (int tone in PassbandTones(inputRate, outputRate))
        {
            rejections.Add((tone, SpuriousRejectionDb(inputRate, outputRate, tone, reference)));
        }

        // Assert
        output.WriteLine($"{inputRate}->{outputRate} image rejection: " + string.Join(", ", rejections.Select(r => $"{r.Tone} Hz {r.Db:F1} dB")));
        Assert.All(rejections, r => Assert.True(r.Db >= RequiredRejectionDb, $"{r.Tone} Hz: {r.Db:F1} dB"));
    }

    [Theory]
    [MemberData(nameof(AllCommonPairs))]
    public void Process_PassbandTones_GainWithinHalfDecibel(int inputRate, int outputRate)
    {
        // Arrange
        int[] tones = PassbandTones(inputRate, outputRate);

        // Act
        double[] gainsDb = tones.Select(t => ToneAnalysis.Decibels(OutputAmplitude(inputRate, outputRate, t) / ToneAnalysis.Amplitude)).ToArray();

        // Assert
        output.WriteLine($"{inputRate}->{outputRate} passband {tones[0]}..{tones[^1]} Hz: gain {gainsDb.Min():F4}..{gainsDb.Max():F4} dB, ripple {gainsDb.Max() - gainsDb.Min():F4} dB");
        Assert.All(gainsDb, g => Assert.InRange(g, -MaxPassbandDeviationDb, MaxPassbandDeviationDb));
    }

    [Theory]
    [MemberData(nameof(AllCommonPairs))]
    public void GroupDelaySamples_MeasuredByTonePhase_MatchesDocumentedValue(int inputRate, int outputRate)
    {
        // Arrange: a 50 Hz tone has a period of outputRate / 50 samples, far longer than the delay, so its phase is unambiguous.
        const int Tone = 50;
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        int settle = outputRate / 10;

        // Act
        short[] window = AnalysisWindow(inputRate, outputRate, Tone);
        double phase = ToneAnalysis.Measure(window, Tone, outputRate).Phase;

        // Assert: y[m] = A sin(2 pi f (m - D) / fs), so the phase at m = settle is 2 pi f (settle - D) / fs.
        double period = (double)outputRate / Tone;
        double measured = settle - phase * period / (2 * Math.PI);
        double error = Math.IEEERemainder(measured - resampler.GroupDelaySamples, period);
        output.WriteLine($"{inputRate}->{outputRate}: documented group delay {resampler.GroupDelaySamples} samples ({resampler.GroupDelay.TotalMilliseconds:F3} ms), measured {resampler.GroupDelaySamples + error:F4}, taps/phase {resampler.TapsPerPhase}");
        Assert.InRange(error, -0.05, 0.05);
    }

    // The passband is flat to 0.85 of the lower Nyquist frequency: 10 kHz and below for pairs with 24 kHz and above.
    private static int[] PassbandTones(int inputRate, int outputRate)
    {
        int lowerRate = Math.Min(inputRate, outputRate);
        int[] tones = [100, 250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000];
        return tones.Where(t => t <= 0.85 * lowerRate / 2).Append(lowerRate >= 24000 ? 10000 : (int)(0.85 * lowerRate / 2)).Distinct().ToArray();
    }

    private static short[] AnalysisWindow(int inputRate, int outputRate, double tone, bool withProbe = false)
    {
        // 1.2 s of input: 0.1 s settling, one second analysed, the rest keeps the filter tail out of the window.
        short[] input = ToneAnalysis.Sine(tone, inputRate, inputRate * 12 / 10, probeAmplitude: withProbe ? ToneAnalysis.ProbeAmplitude : 0);
        var resampler = new Pcm16Resampler(inputRate, outputRate);
        var resampled = new short[resampler.GetMaxOutputLength(input.Length)];
        int written = resampler.Process(input, resampled);
        Assert.True(written >= outputRate * 11 / 10);
        return resampled.AsSpan(outputRate / 10, outputRate).ToArray();
    }

    private static double OutputAmplitude(int inputRate, int outputRate, double tone) =>
        ToneAnalysis.Measure(AnalysisWindow(inputRate, outputRate, tone), tone, outputRate).Amplitude;

    // The worst alias or image of the tone in the output, in dB below the reference amplitude. A sampled tone at f
    // is also present at k * inputRate +/- f; every such frequency folded into the output band, except the tone
    // itself when it is below the output Nyquist frequency, is spurious. The probe tone keeps the PCM16 rounding
    // busy so a spurious level below half an LSB still measures as a finite figure rather than silence.
    private static double SpuriousRejectionDb(int inputRate, int outputRate, double tone, double reference)
    {
        short[] window = AnalysisWindow(inputRate, outputRate, tone, withProbe: true);
        double worst = 0;
        int images = outputRate / inputRate + 2;
        for (int k = 0; k <= images; k++)
        {
            foreach (double candidate in new[] { k * inputRate + tone, k * inputRate - tone })
            {
                double g = ToneAnalysis.Fold(candidate, outputRate);
                if (tone < outputRate / 2.0 && Math.Abs(g - tone) < 0.5)
                {
                    continue;
                }

                worst = Math.Max(worst, ToneAnalysis.Measure(window, g, outputRate).Amplitude);
            }
        }

        return ToneAnalysis.Decibels(reference / worst);
    }
}
