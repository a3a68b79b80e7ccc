using System;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// A token bucket on audio duration: it starts with <c>burst</c> and refills at real time (one millisecond of audio
/// per elapsed millisecond), so a caller cannot send faster than real time for long. The bucket may fill up to
/// <c>burst</c> plus <see cref="CatchUp"/>: when the relay itself falls behind (a CPU stall, a GC pause) the frames
/// queued in the network arrive in one burst, and that must not be mistaken for a flood. A flood is still caught
/// after <c>burst / (rate - 1)</c> seconds of sustained over-sending. Not thread-safe (one per call, receive loop only).
/// </summary>
internal sealed class AudioFloodGuard
{
    /// <summary>How far the relay may fall behind its callers and then read their queued audio at once.</summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _timeProvider;
    private readonly double _capacityMicroseconds;
    private double _availableMicroseconds;
    private long _lastTimestamp;

    public AudioFloodGuard(TimeSpan burst, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _capacityMicroseconds = (burst + CatchUp).TotalMicroseconds;
        _availableMicroseconds = burst.TotalMicroseconds;
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>Takes <paramref name="samples"/> at <paramref name="sampleRate"/> from the bucket; false means the caller is flooding.</summary>
    public bool TryConsume(int samples, int sampleRate)
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastTimestamp, now).TotalMicroseconds;
        _lastTimestamp = now;
        _availableMicroseconds = Math.Min(_capacityMicroseconds, _availableMicroseconds + elapsed);
        var cost = samples * 1_000_000.0 / sampleRate;
        if (cost > _availableMicroseconds)
        {
            return false;
        }

        _availableMicroseconds -= cost;
        return true;
    }
}
