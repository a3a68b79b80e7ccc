using System;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Tests.Endpoint;

namespace RealtimeVoiceAgent.Twilio.Tests.Infrastructure;

/// <summary>The caller's side of a phone line: test signals as G.711 μ-law at 8 kHz.</summary>
internal static class PhoneAudio
{
    public static byte[] MuLaw(byte[] pcm16)
    {
        var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(pcm16);
        var muLaw = new byte[samples.Length];
        G711.EncodeMuLaw(samples, muLaw);
        return muLaw;
    }

    /// <summary>Speech the fake model hears (a loud tone), then enough silence to end the turn.</summary>
    public static byte[] Utterance() => MuLaw(TestAudio.Utterance(8000));

    public static byte[] Tone(int milliseconds) => MuLaw(TestAudio.Tone(milliseconds, 8000));
}
