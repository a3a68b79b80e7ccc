using System;
using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Twilio.Internal;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// The Twilio transport's per-message work: reading a 20 ms inbound <c>media</c> frame (50 a second per call) and
/// writing a 100 ms outbound <c>media</c> plus its <c>mark</c> (one per model audio delta). Target: 0 B per op.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class TwilioMediaBenchmarks
{
    private readonly TwilioMessageReader _reader = new();
    private readonly TwilioPlaybackMarks _marks = new();
    private readonly TwilioMessageWriter _writer = new("MZ18ad3ab5a668481ce02b83e7395059f0");
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly byte[] _audio = new byte[1024];
    private readonly byte[] _delta = new byte[800];
    private readonly char[] _markName = new char[64];
    private byte[] _media = [];

    [GlobalSetup]
    public void Setup()
    {
        var frame = new byte[160];
        new Random(42).NextBytes(frame);
        _media = Encoding.UTF8.GetBytes($$"""{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"{{Convert.ToBase64String(frame)}}"},"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}""");
    }

    [Benchmark]
    public int ReadInboundMedia() => _reader.TryRead(_media, _audio) ? _reader.PayloadBytes : -1;

    [Benchmark]
    public int WriteMediaAndMark()
    {
        _output.ResetWrittenCount();
        _writer.WriteMedia(_output, _delta);
        _writer.WriteMark(_output, _markName.AsSpan(0, _marks.OnAudioSent("item_Cc5Vd2aEf7", _delta.Length, _markName)));
        return _output.WrittenCount;
    }
}
