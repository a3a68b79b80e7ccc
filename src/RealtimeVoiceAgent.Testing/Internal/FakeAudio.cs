using System;
using System.Buffers.Binary;

namespace RealtimeVoiceAgent.Testing.Internal;

// The "voice" of the fake model: a quiet 440 Hz tone, PCM16 24 kHz mono, continuous across chunks.
internal static class FakeAudio
{
    public static byte[] Tone(int milliseconds, int offsetMs)
    {
        int samples = milliseconds * 24;
        byte[] pcm = new byte[samples * 2];
        long first = offsetMs * 24L;
        for (int i = 0; i < samples; i++)
        {
            double t = (first + i) / 24000.0;
            short sample = (short)(3000 * Math.Sin(2 * Math.PI * 440 * t));
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
        }

        return pcm;
    }
}
