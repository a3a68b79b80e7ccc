namespace RealtimeVoiceAgent.Calls;

/// <summary>How a caller's audio samples are encoded.</summary>
public enum CallerAudioEncoding
{
    /// <summary>16-bit signed little-endian PCM, mono.</summary>
    Pcm16,

    /// <summary>G.711 μ-law, 8 bits per sample, mono (North American and Japanese telephony).</summary>
    G711MuLaw,

    /// <summary>G.711 A-law, 8 bits per sample, mono (telephony elsewhere).</summary>
    G711ALaw,
}
