using System;
using System.Globalization;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// The audio a caller transport receives or sends: an encoding and a sample rate. The relay converts between it and the
/// model's PCM16 at 24 kHz (resampling with <see cref="Pcm16Resampler"/>, G.711 with <see cref="G711"/>), except for G.711
/// both ways, which the model takes as is (<see cref="CallRelayOptions.G711Passthrough"/>).
/// </summary>
public readonly struct CallerAudioFormat : IEquatable<CallerAudioFormat>
{
    /// <summary>The model's own format, PCM16 at 24 kHz: passed through without conversion.</summary>
    public static CallerAudioFormat Pcm16At24kHz { get; } = new(CallerAudioEncoding.Pcm16, 24000);

    /// <summary>G.711 μ-law at 8 kHz, the format of most phone calls (passed to the model as <c>audio/pcmu</c> when used both ways).</summary>
    public static CallerAudioFormat G711MuLaw { get; } = new(CallerAudioEncoding.G711MuLaw, 8000);

    /// <summary>G.711 A-law at 8 kHz (passed to the model as <c>audio/pcma</c> when used both ways).</summary>
    public static CallerAudioFormat G711ALaw { get; } = new(CallerAudioEncoding.G711ALaw, 8000);

    private CallerAudioFormat(CallerAudioEncoding encoding, int sampleRate)
    {
        Encoding = encoding;
        SampleRate = sampleRate;
    }

    /// <summary>The sample encoding.</summary>
    public CallerAudioEncoding Encoding { get; }

    /// <summary>The sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The bytes of one sample: 2 for PCM16, 1 for G.711.</summary>
    public int BytesPerSample => Encoding == CallerAudioEncoding.Pcm16 ? 2 : 1;

    /// <summary>PCM16 LE mono at a rate the resampler supports.</summary>
    /// <param name="sampleRate">8000, 16000, 22050, 24000, 32000, 44100 or 48000.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not supported.</exception>
    public static CallerAudioFormat Pcm16(int sampleRate)
    {
        if (Pcm16Resampler.SupportedRates.IndexOf(sampleRate) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be one of 8000, 16000, 22050, 24000, 32000, 44100, 48000.");
        }

        return new CallerAudioFormat(CallerAudioEncoding.Pcm16, sampleRate);
    }

    /// <summary>Compares two formats.</summary>
    /// <param name="left">The first format.</param>
    /// <param name="right">The second format.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(CallerAudioFormat left, CallerAudioFormat right) => left.Equals(right);

    /// <summary>Compares two formats.</summary>
    /// <param name="left">The first format.</param>
    /// <param name="right">The second format.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(CallerAudioFormat left, CallerAudioFormat right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(CallerAudioFormat other) => Encoding == other.Encoding && SampleRate == other.SampleRate;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CallerAudioFormat other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Encoding, SampleRate);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Encoding} {SampleRate} Hz");
}
