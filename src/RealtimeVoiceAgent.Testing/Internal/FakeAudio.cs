using System;
using System.Buffers.Binary;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Testing.Internal;

// The audio formats a session may use (audio/pcm: PCM16 24 kHz; audio/pcmu and audio/pcma: G.711 at 8 kHz), and the
// "voice" of the fake model: a quiet 440 Hz tone, continuous across chunks, in the session's output format.
internal static class FakeAudio
{
    public const string Pcm = "audio/pcm";
    public const string Pcmu = "audio/pcmu";
    public const string Pcma = "audio/pcma";

    // Bytes of one millisecond: 48 for PCM16 at 24 kHz, 8 for G.711 at 8 kHz.
    public static int BytesPerMs(string format) => format is Pcmu or Pcma ? 8 : 48;

    public static int SampleRate(string format) => format is Pcmu or Pcma ? 8000 : 24000;

    // The samples of appended audio, for speech detection.
    public static short[] ToSamples(ReadOnlySpan<byte> audio, string format)
    {
        switch (format)
        {
            case Pcmu:
            {
                short[] samples = new short[audio.Length];
                G711.DecodeMuLaw(audio, samples);
                return samples;
            }

            case Pcma:
            {
                short[] samples = new short[audio.Length];
                G711.DecodeALaw(audio, samples);
                return samples;
            }

            default:
            {
                short[] samples = new short[audio.Length / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(audio[(i * 2)..]);
                }

                return samples;
            }
        }
    }

    public static byte[] Tone(int milliseconds, int offsetMs, string format)
    {
        int rate = SampleRate(format);
        int count = milliseconds * rate / 1000;
        long first = offsetMs * (long)rate / 1000;
        short[] samples = new short[count];
        for (int i = 0; i < count; i++)
        {
            double t = (first + i) / (double)rate;
            samples[i] = (short)(3000 * Math.Sin(2 * Math.PI * 440 * t));
        }

        switch (format)
        {
            case Pcmu:
            {
                byte[] muLaw = new byte[count];
                G711.EncodeMuLaw(samples, muLaw);
                return muLaw;
            }

            case Pcma:
            {
                byte[] aLaw = new byte[count];
                G711.EncodeALaw(samples, aLaw);
                return aLaw;
            }

            default:
            {
                byte[] pcm = new byte[count * 2];
                for (int i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), samples[i]);
                }

                return pcm;
            }
        }
    }
}
