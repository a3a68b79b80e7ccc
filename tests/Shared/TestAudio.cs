using System;
using System.Buffers.Binary;

namespace RealtimeVoiceAgent.Tests;

/// <summary>PCM16 24 kHz mono test signals, and G.711 μ-law 8 kHz ones for phone calls.</summary>
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

    /// <summary>A tone as a phone line sends it: G.711 μ-law at 8 kHz, one byte per sample.</summary>
    public static byte[] MuLawTone(int milliseconds, short amplitude = 8000, double hz = 300)
    {
        short[] pcm = new short[milliseconds * 8];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / 8000.0));
        }

        byte[] muLaw = new byte[pcm.Length];
        RealtimeVoiceAgent.Audio.G711.EncodeMuLaw(pcm, muLaw);
        return muLaw;
    }

    /// <summary>Silence in G.711 μ-law (0xFF is the code for zero).</summary>
    public static byte[] MuLawSilence(int milliseconds)
    {
        byte[] muLaw = new byte[milliseconds * 8];
        Array.Fill(muLaw, (byte)0xFF);
        return muLaw;
    }
}
