using System;
using System.Runtime.InteropServices;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Turns the model's audio into the caller's output format, straight into the destination the caller channel reserves:
/// copied untouched when the model already speaks it (PCM16 at 24 kHz, or G.711 with passthrough), otherwise PCM16 at
/// 24 kHz resampled, then G.711-encoded when the caller wants that. Not thread-safe: used under the channel's lock.
/// </summary>
internal sealed class OutboundAudioConverter : IDisposable
{
    private readonly CallerAudioFormat _format;
    private readonly bool _passthrough;
    private readonly Pcm16Resampler? _resampler;
    private short[]? _resampled;

    // model: the format of the call's model session; anything but the caller's own format is PCM16 at 24 kHz.
    public OutboundAudioConverter(CallerAudioFormat format, CallerAudioFormat model)
    {
        _format = format;
        _passthrough = format == model;
        if (!_passthrough && format.SampleRate != CallerAudioFormat.Pcm16At24kHz.SampleRate)
        {
            _resampler = new Pcm16Resampler(CallerAudioFormat.Pcm16At24kHz.SampleRate, format.SampleRate);
        }
    }

    /// <summary>The most bytes <see cref="Convert"/> writes for <paramref name="modelBytes"/> of model audio.</summary>
    public int GetMaxOutputBytes(int modelBytes)
    {
        if (_passthrough)
        {
            return modelBytes;
        }

        var samples = modelBytes / 2;
        var outputSamples = _resampler?.GetMaxOutputLength(samples) ?? samples;
        return outputSamples * _format.BytesPerSample;
    }

    /// <summary>Converts whole samples of model audio into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Convert(ReadOnlySpan<byte> modelAudio, Span<byte> destination)
    {
        if (_passthrough)
        {
            modelAudio.CopyTo(destination);
            return modelAudio.Length;
        }

        var input = MemoryMarshal.Cast<byte, short>(modelAudio);
        if (_format.Encoding == CallerAudioEncoding.Pcm16)
        {
            return _resampler!.Process(input, MemoryMarshal.Cast<byte, short>(destination)) * 2;
        }

        var pcm = input;
        if (_resampler is not null)
        {
            var resampled = PooledArray.Grow(ref _resampled, _resampler.GetMaxOutputLength(input.Length), 2048);
            pcm = resampled.AsSpan(0, _resampler.Process(input, resampled));
        }

        return _format.Encoding == CallerAudioEncoding.G711MuLaw
            ? G711.EncodeMuLaw(pcm, destination)
            : G711.EncodeALaw(pcm, destination);
    }

    public void Dispose() => PooledArray.Return(ref _resampled);
}
