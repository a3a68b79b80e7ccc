using System;
using System.Runtime.InteropServices;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Turns the caller's audio into the model's format: passed through untouched when it already is (PCM16 at 24 kHz, or
/// G.711 with passthrough), otherwise G.711-decoded and/or resampled to PCM16 at 24 kHz into a buffer the converter owns
/// (grown from the pool to the largest frame seen, so a call holds only what its frames need). Not thread-safe: one per
/// call, receive loop only.
/// </summary>
internal sealed class InboundAudioConverter : IDisposable
{
    private readonly CallerAudioFormat _format;
    private readonly bool _passthrough;
    private readonly Pcm16Resampler? _resampler;
    private byte[]? _decoded;
    private byte[]? _output;

    // model: the format of the call's model session; anything but the caller's own format is PCM16 at 24 kHz.
    public InboundAudioConverter(CallerAudioFormat format, CallerAudioFormat model)
    {
        _format = format;
        _passthrough = format == model;
        if (!_passthrough && format.SampleRate != CallerAudioFormat.Pcm16At24kHz.SampleRate)
        {
            _resampler = new Pcm16Resampler(format.SampleRate, CallerAudioFormat.Pcm16At24kHz.SampleRate);
        }
    }

    /// <summary>The caller's samples in <paramref name="audio"/> (for the flood check, which counts the caller's own audio).</summary>
    public int CountSamples(ReadOnlyMemory<byte> audio) => audio.Length / _format.BytesPerSample;

    /// <summary>Converts whole samples; the result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Convert(ReadOnlyMemory<byte> audio)
    {
        if (_passthrough)
        {
            return audio;
        }

        ReadOnlyMemory<byte> pcm = audio;
        if (_format.Encoding != CallerAudioEncoding.Pcm16)
        {
            var decoded = PooledArray.Grow(ref _decoded, audio.Length * 2, 4096);
            var samples = MemoryMarshal.Cast<byte, short>(decoded.AsSpan());
            var count = _format.Encoding == CallerAudioEncoding.G711MuLaw
                ? G711.DecodeMuLaw(audio.Span, samples)
                : G711.DecodeALaw(audio.Span, samples);
            pcm = decoded.AsMemory(0, count * 2);
        }

        if (_resampler is null)
        {
            return pcm;
        }

        var input = MemoryMarshal.Cast<byte, short>(pcm.Span);
        var output = PooledArray.Grow(ref _output, _resampler.GetMaxOutputLength(input.Length) * 2, 4096);
        var written = _resampler.Process(input, MemoryMarshal.Cast<byte, short>(output.AsSpan()));
        return output.AsMemory(0, written * 2);
    }

    public void Dispose()
    {
        PooledArray.Return(ref _decoded);
        PooledArray.Return(ref _output);
    }
}
