using System;
using System.Buffers;
using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Internal;

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
    private PooledMessageBuffer _sessionBuffer = null!;
    private byte[] _delta = [];
    private AudioDeltaReader _reader = null!;
    private byte[] _base64 = [];
    private byte[] _decoded = [];

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_frame);
        _output = new ArrayBufferWriter<byte>(AudioAppendFraming.GetEventLength(_frame.Length));
        _delta = BenchmarkMessages.AudioDelta(_frame);
        _base64 = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(_frame));
        _decoded = new byte[_frame.Length];
        _sessionBuffer = new PooledMessageBuffer();
        _reader = new AudioDeltaReader();
        if (!_reader.TryRead(_delta) || !_reader.Event.Audio.Span.SequenceEqual(_frame))
        {
            throw new InvalidOperationException("The delta reader did not decode the benchmark delta.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader.Dispose();
        _sessionBuffer.Dispose();
    }

    [Benchmark(Description = "Encode + frame append (2400 B)")]
    public int EncodeAppend()
    {
        _output.ResetWrittenCount();
        AudioAppendFraming.WriteAppendEvent(_output, _frame);
        return _output.WrittenCount;
    }

    // The buffer the session frames into before its direct socket write (RealtimeSession.Enqueue).
    [Benchmark(Description = "Encode + frame append, PooledMessageBuffer (2400 B)")]
    public int EncodeAppendPooledBuffer()
    {
        _sessionBuffer.Reset();
        AudioAppendFraming.WriteAppendEvent(_sessionBuffer, _frame);
        return _sessionBuffer.WrittenMemory.Length;
    }

    // Floors for the framing and parse rows: the bare base64 work on the same bytes, without JSON.
    [Benchmark(Description = "Base64 encode only (2400 B)")]
    public int Base64EncodeOnly()
    {
        _output.ResetWrittenCount();
        Base64.EncodeToUtf8(_frame, _output.GetSpan(AudioAppendFraming.GetEventLength(_frame.Length)), out _, out int written);
        return written;
    }

    [Benchmark(Description = "Base64 decode only (2400 B)")]
    public int Base64DecodeOnly()
    {
        Base64.DecodeFromUtf8(_base64, _decoded, out _, out int written);
        return written;
    }

    [Benchmark(Description = "Parse + decode delta (2400 B)")]
    public int ParseDelta()
    {
        _reader.TryRead(_delta);
        return _reader.Event.Audio.Length;
    }
}
