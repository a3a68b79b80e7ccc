using System;
using System.Runtime.InteropServices;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Turns the model's PCM16 at 24 kHz into the caller's output format, straight into the destination the caller channel
/// reserves (resampled, then G.711-encoded when the caller wants that). Not thread-safe: used under the channel's lock.
/// </summary>
internal sealed class OutboundAudioConverter : IDisposable
{
    private readonly CallerAudioFormat _format;
    private readonly Pcm16Resampler? _resampler;
    private short[]? _resampled;

    public OutboundAudioConverter(CallerAudioFormat format)
    {
        _format = format;
        if (format.SampleRate != CallerAudioFormat.Pcm16At24kHz.SampleRate)
        {
            _resampler = new Pcm16Resampler(CallerAudioFormat.Pcm16At24kHz.SampleRate, format.SampleRate);
        }
    }

    /// <summary>The most bytes <see cref="Convert"/> writes for <paramref name="modelBytes"/> of model audio.</summary>
    public int GetMaxOutputBytes(int modelBytes)
    {
        var samples = modelBytes / 2;
        var outputSamples = _resampler?.GetMaxOutputLength(samples) ?? samples;
        return outputSamples * _format.BytesPerSample;
    }

    /// <summary>Converts whole samples of model audio into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Convert(ReadOnlySpan<byte> modelPcm, Span<byte> destination)
    {
        var input = MemoryMarshal.Cast<byte, short>(modelPcm);
        if (_format.Encoding == CallerAudioEncoding.Pcm16)
        {
            if (_resampler is null)
            {
                modelPcm.CopyTo(destination);
                return modelPcm.Length;
            }

            return _resampler.Process(input, MemoryMarshal.Cast<byte, short>(destination)) * 2;
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
