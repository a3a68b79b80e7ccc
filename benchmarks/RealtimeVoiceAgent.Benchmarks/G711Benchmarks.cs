using System;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>G.711 companding of one 20 ms telephony frame (160 samples at 8 kHz), the usual RTP packet size.</summary>
[Config(typeof(BenchmarkConfig))]
public class G711Benchmarks
{
    private readonly short[] _pcm = new short[160];
    private readonly short[] _decoded = new short[160];
    private readonly byte[] _muLaw = new byte[160];
    private readonly byte[] _aLaw = new byte[160];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)((8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0)) + random.Next(-300, 300));
        }

        G711.EncodeMuLaw(_pcm, _muLaw);
        G711.EncodeALaw(_pcm, _aLaw);
    }

    [Benchmark]
    public int EncodeMuLaw() => G711.EncodeMuLaw(_pcm, _muLaw);

    [Benchmark]
    public int DecodeMuLaw() => G711.DecodeMuLaw(_muLaw, _decoded);

    [Benchmark]
    public int EncodeALaw() => G711.EncodeALaw(_pcm, _aLaw);

    [Benchmark]
    public int DecodeALaw() => G711.DecodeALaw(_aLaw, _decoded);
}
