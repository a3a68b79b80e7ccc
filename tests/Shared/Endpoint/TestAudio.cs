using System;

namespace RealtimeVoiceAgent.Tests.Endpoint;

/// <summary>PCM16 LE mono test signals: a loud tone the fake model hears as speech, and silence.</summary>
public static class TestAudio
{
    public static byte[] Tone(int milliseconds, int sampleRate, double frequency = 300, short amplitude = 8000)
    {
        var samples = sampleRate * milliseconds / 1000;
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(Math.Sin(2 * Math.PI * frequency * i / sampleRate) * amplitude);
            pcm[2 * i] = (byte)value;
            pcm[(2 * i) + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    public static byte[] Silence(int milliseconds, int sampleRate) => new byte[sampleRate * milliseconds / 1000 * 2];

    /// <summary>Speech followed by enough silence for the fake's turn detection to end the turn.</summary>
    public static byte[] Utterance(int sampleRate) => [.. Tone(400, sampleRate), .. Silence(800, sampleRate)];

    /// <summary>Splits audio into 50 ms chunks, as the seed's browser sends them.</summary>
    public static System.Collections.Generic.IEnumerable<byte[]> Chunks(byte[] pcm, int sampleRate)
    {
        var chunk = sampleRate / 20 * 2;
        for (var offset = 0; offset < pcm.Length; offset += chunk)
        {
            yield return pcm.AsSpan(offset, Math.Min(chunk, pcm.Length - offset)).ToArray();
        }
    }
}
