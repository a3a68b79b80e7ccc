using System;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// A token bucket on audio duration: it refills at real time (one millisecond of audio per elapsed millisecond)
/// and holds at most <c>burst</c>, so a caller may catch up after network jitter but cannot send faster than
/// real time for long. Not thread-safe (one per call, used by the receive loop only).
/// </summary>
internal sealed class AudioFloodGuard
{
    private readonly TimeProvider _timeProvider;
    private readonly double _capacityMicroseconds;
    private double _availableMicroseconds;
    private long _lastTimestamp;

    public AudioFloodGuard(TimeSpan burst, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _capacityMicroseconds = burst.TotalMicroseconds;
        _availableMicroseconds = _capacityMicroseconds;
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
