using System;
using System.Buffers.Binary;

namespace RealtimeVoiceAgent.Tests;

/// <summary>PCM16 24 kHz mono test signals.</summary>
internal static class TestAudio
{
    public const int BytesPerMs = 48;

    public static byte[] Tone(int milliseconds, short amplitude = 8000, double hz = 300)
    {
        byte[] pcm = new byte[milliseconds * BytesPerMs];
        for (int i = 0; i < pcm.Length / 2; i++)
        {
            short sample = (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / 24000.0));
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
        }

        return pcm;
    }

    public static byte[] Silence(int milliseconds) => new byte[milliseconds * BytesPerMs];
}
