using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The audio format a call's model session uses, chosen from the caller transport's formats: G.711 passed through when
/// the caller speaks it both ways (the Realtime API takes <c>audio/pcmu</c> and <c>audio/pcma</c>, so a phone call needs
/// no transcoding), PCM16 at 24 kHz otherwise. Everything that turns model audio bytes into time uses it.
/// </summary>
internal readonly record struct ModelAudioFormat
{
    private ModelAudioFormat(CallerAudioFormat format, RealtimeAudioFormat wireFormat)
    {
        Format = format;
        WireFormat = wireFormat;
    }

    /// <summary>The model's audio as a caller format (encoding and rate): what the converters compare against.</summary>
    public CallerAudioFormat Format { get; }

    /// <summary>The format named in <c>session.update</c>: <c>audio/pcm</c>, <c>audio/pcmu</c> or <c>audio/pcma</c>.</summary>
    public RealtimeAudioFormat WireFormat { get; }

    /// <summary>Bytes per second of model audio: 48 000 for PCM16 at 24 kHz, 8 000 for G.711 (8 bytes per millisecond).</summary>
    public int BytesPerSecond => Format.SampleRate * Format.BytesPerSample;

    /// <summary>The model's format for a caller: the caller's G.711 when it is the same both ways and passthrough is on, else PCM16 24 kHz.</summary>
    public static ModelAudioFormat For(CallerAudioFormat input, CallerAudioFormat output, bool g711Passthrough)
    {
        if (g711Passthrough && input == output)
        {
            if (input.Encoding == CallerAudioEncoding.G711MuLaw)
            {
                return new ModelAudioFormat(input, RealtimeAudioFormat.Pcmu);
            }

            if (input.Encoding == CallerAudioEncoding.G711ALaw)
            {
                return new ModelAudioFormat(input, RealtimeAudioFormat.Pcma);
            }
        }

        return new ModelAudioFormat(CallerAudioFormat.Pcm16At24kHz, RealtimeAudioFormat.Pcm16);
    }

    /// <summary>Milliseconds of model audio in <paramref name="bytes"/> (rounded down).</summary>
    public int ToMilliseconds(long bytes) => (int)(bytes * 1000 / BytesPerSecond);

    public override string ToString() => WireFormat.Value;
}
