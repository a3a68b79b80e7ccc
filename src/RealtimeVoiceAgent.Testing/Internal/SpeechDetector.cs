using System;
using System.Buffers.Binary;

namespace RealtimeVoiceAgent.Testing.Internal;

// Energy VAD over 20 ms windows of PCM16 24 kHz mono: a window whose RMS reaches the threshold is speech; speech
// followed by SilenceMs of quiet windows ends the turn. Partial windows carry over between appends.
internal sealed class SpeechDetector
{
    public const int WindowMs = 20;
    private const int WindowBytes = 24_000 * 2 * WindowMs / 1000;

    private readonly byte[] _partial = new byte[WindowBytes];
    private int _partialLength;
    private long _processedMs;
    private int _silenceRunMs;

    public bool InSpeech { get; private set; }

    // Feeds audio; calls onStart(startMs) / onStop(endMs) for each transition, in order.
    public void Feed(ReadOnlySpan<byte> pcm, double rmsThreshold, int silenceMs, Action<int> onStart, Action<int> onStop)
    {
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(WindowBytes - _partialLength, pcm.Length);
            pcm[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            pcm = pcm[take..];
            if (_partialLength < WindowBytes)
            {
                return;
            }

            _partialLength = 0;
            bool voiced = Rms(_partial) >= rmsThreshold;
            long windowStart = _processedMs;
            _processedMs += WindowMs;
            if (!InSpeech)
            {
                if (voiced)
                {
                    InSpeech = true;
                    _silenceRunMs = 0;
                    onStart((int)windowStart);
                }
            }
            else if (voiced)
            {
                _silenceRunMs = 0;
            }
            else
            {
                _silenceRunMs += WindowMs;
                if (_silenceRunMs >= silenceMs)
                {
                    InSpeech = false;
                    onStop((int)_processedMs);
                }
            }
        }
    }

    public void Reset()
    {
        InSpeech = false;
        _silenceRunMs = 0;
        _partialLength = 0;
    }

    private static double Rms(ReadOnlySpan<byte> window)
    {
        double sum = 0;
        for (int i = 0; i + 1 < window.Length; i += 2)
        {
            double sample = BinaryPrimitives.ReadInt16LittleEndian(window[i..]);
            sum += sample * sample;
        }

        return Math.Sqrt(sum / (window.Length / 2));
    }
}
