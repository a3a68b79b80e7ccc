using System;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>One 50 ms frame through <see cref="Pcm16Resampler"/> for each rate pair the product uses.</summary>
[Config(typeof(BenchmarkConfig))]
public class ResamplerBenchmarks
{
    private Pcm16Resampler _resampler = null!;
    private short[] _frame = [];
    private short[] _output = [];

    [Params("48k->24k", "44.1k->24k", "16k->24k", "8k->24k", "24k->48k", "24k->44.1k", "24k->8k")]
    public string Pair { get; set; } = "48k->24k";

    [GlobalSetup]
    public void Setup()
    {
        string[] rates = Pair.Split("->");
        int inputRate = ParseRate(rates[0]);
        int outputRate = ParseRate(rates[1]);
        _resampler = new Pcm16Resampler(inputRate, outputRate);

        // Speech-like content: a few tones plus noise, so the benchmark never runs on silence.
        var random = new Random(42);
        _frame = new short[inputRate / 20];
        for (int i = 0; i < _frame.Length; i++)
        {
            double t = (double)i / inputRate;
            _frame[i] = (short)((6000 * Math.Sin(2 * Math.PI * 220 * t)) + (3000 * Math.Sin(2 * Math.PI * 1800 * t)) + random.Next(-500, 500));
        }

        _output = new short[_resampler.GetMaxOutputLength(_frame.Length)];
    }

    [Benchmark(Description = "Process one 50 ms frame")]
    public int Process() => _resampler.Process(_frame, _output);

    private static int ParseRate(string text) => text switch
    {
        "8k" => 8000,
        "16k" => 16000,
        "22.05k" => 22050,
        "24k" => 24000,
        "32k" => 32000,
        "44.1k" => 44100,
        "48k" => 48000,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown rate."),
    };
}
