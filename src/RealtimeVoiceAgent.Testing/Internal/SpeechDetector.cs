using System;

namespace RealtimeVoiceAgent.Testing.Internal;

// Energy VAD over 20 ms windows of 16-bit samples (PCM16 at 24 kHz, or G.711 at 8 kHz decoded by the caller): a window
// whose RMS reaches the threshold is speech; speech followed by SilenceMs of quiet windows ends the turn. Partial windows
// carry over between appends (of the same rate).
internal sealed class SpeechDetector
{
    public const int WindowMs = 20;

    private readonly short[] _partial = new short[24_000 * WindowMs / 1000];
    private int _sampleRate;
    private int _partialLength;
    private long _processedMs;
    private int _silenceRunMs;

    public bool InSpeech { get; private set; }

    // Feeds samples at sampleRate; calls onStart(startMs) / onStop(endMs) for each transition, in order.
    public void Feed(ReadOnlySpan<short> samples, int sampleRate, double rmsThreshold, int silenceMs, Action<int> onStart, Action<int> onStop)
    {
        if (sampleRate != _sampleRate)
        {
            // The session's input format changed: a partial window of the old rate means nothing at the new one.
            _sampleRate = sampleRate;
            _partialLength = 0;
        }

        int windowSamples = sampleRate * WindowMs / 1000;
        while (!samples.IsEmpty)
        {
            int take = Math.Min(windowSamples - _partialLength, samples.Length);
            samples[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            samples = samples[take..];
            if (_partialLength < windowSamples)
            {
                return;
            }

            _partialLength = 0;
            bool voiced = Rms(_partial.AsSpan(0, windowSamples)) >= rmsThreshold;
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

    private static double Rms(ReadOnlySpan<short> window)
    {
        double sum = 0;
        foreach (short sample in window)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / window.Length);
    }
}
