using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// The relay's per-frame work for a phone caller (G.711 μ-law at 8 kHz, one 20 ms frame as Twilio sends it), with
/// <see cref="CallRelayOptions.G711Passthrough"/> on (<c>audio/pcmu</c>: the bytes go through untouched) and off (decode,
/// resample to PCM16 24 kHz, and back). Inbound includes framing the <c>input_audio_buffer.append</c>, whose size follows.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PhoneAudioBenchmarks
{
    private readonly byte[] _callerFrame = new byte[160];
    private readonly byte[] _modelPcm = new byte[960];
    private readonly byte[] _destination = new byte[960];
    private InboundAudioConverter _inboundPassthrough = null!;
    private InboundAudioConverter _inboundTranscoded = null!;
    private OutboundAudioConverter _outboundPassthrough = null!;
    private OutboundAudioConverter _outboundTranscoded = null!;
    private ArrayBufferWriter<byte> _append = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pcm = new short[480];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 24000.0));
        }

        System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()).CopyTo(_modelPcm);
        var callerPcm = new short[160];
        for (var i = 0; i < callerPcm.Length; i++)
        {
            callerPcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 300 * i / 8000.0));
        }

        G711.EncodeMuLaw(callerPcm, _callerFrame);
        _inboundPassthrough = new InboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.G711MuLaw);
        _inboundTranscoded = new InboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.Pcm16At24kHz);
        _outboundPassthrough = new OutboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.G711MuLaw);
        _outboundTranscoded = new OutboundAudioConverter(CallerAudioFormat.G711MuLaw, CallerAudioFormat.Pcm16At24kHz);
        _append = new ArrayBufferWriter<byte>(AudioAppendFraming.GetEventLength(_modelPcm.Length));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inboundPassthrough.Dispose();
        _inboundTranscoded.Dispose();
        _outboundPassthrough.Dispose();
        _outboundTranscoded.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Caller -> model, passthrough (160 B pcmu append)")]
    public int InboundPassthrough() => Append(_inboundPassthrough.Convert(_callerFrame).Span);

    [Benchmark(Description = "Caller -> model, decode + resample (960 B pcm append)")]
    public int InboundTranscoded() => Append(_inboundTranscoded.Convert(_callerFrame).Span);

    [Benchmark(Description = "Model -> caller, passthrough (160 B)")]
    public int OutboundPassthrough() => _outboundPassthrough.Convert(_callerFrame, _destination);

    [Benchmark(Description = "Model -> caller, resample + encode (960 B pcm -> 160 B)")]
    public int OutboundTranscoded() => _outboundTranscoded.Convert(_modelPcm, _destination);

    private int Append(ReadOnlySpan<byte> modelAudio)
    {
        _append.ResetWrittenCount();
        AudioAppendFraming.WriteAppendEvent(_append, modelAudio);
        return _append.WrittenCount;
    }
}
