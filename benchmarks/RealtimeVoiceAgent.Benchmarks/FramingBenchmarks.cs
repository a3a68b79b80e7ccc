using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// The audio framing the session uses for every frame: writing <c>input_audio_buffer.append</c> for one 50 ms frame
/// (2400 bytes of 24 kHz PCM16) and parsing plus decoding one <c>response.output_audio.delta</c> of the same size.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class FramingBenchmarks
{
    private readonly byte[] _frame = new byte[2400];
    private ArrayBufferWriter<byte> _output = null!;
    private byte[] _delta = [];
    private AudioDeltaReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_frame);
        _output = new ArrayBufferWriter<byte>(AudioAppendFraming.GetEventLength(_frame.Length));
        _delta = LoopbackRealtimeServer.BuildDelta(_frame);
        _reader = new AudioDeltaReader();
        if (!_reader.TryRead(_delta) || _reader.Event.Audio.Length != _frame.Length)
        {
            throw new InvalidOperationException("The delta reader did not decode the benchmark delta.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(Description = "Encode + frame append (2400 B)")]
    public int EncodeAppend()
    {
        _output.ResetWrittenCount();
        AudioAppendFraming.WriteAppendEvent(_output, _frame);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "Parse + decode delta (2400 B)")]
    public int ParseDelta()
    {
        _reader.TryRead(_delta);
        return _reader.Event.Audio.Length;
    }
}
