using System;
using System.Collections.Generic;
using System.Threading;

namespace RealtimeVoiceAgent.Testing.Internal;

/// <summary>
/// Twilio's playout of the application's audio, as far as marks can tell: audio is played at real time in the order it
/// arrived, starting when it arrives (or when the audio before it ends); a mark is due when the audio sent before it has
/// played. <c>clear</c> drops what was not played and returns every pending mark. A pause stops the playout clock (for
/// tests that need to know exactly how much was heard).
/// </summary>
/// <remarks>Thread-safe: the receive loop adds audio and marks, the echo loop takes due marks.</remarks>
internal sealed class FakeTwilioPlayout
{
    private const int MuLawBytesPerSecond = 8000;
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly Queue<(string Name, long DueAt)> _marks = new();
    // When the audio queued so far will have played (a timestamp of the playout clock).
    private long _playedUntil;
    private long? _pausedAt;

    public FakeTwilioPlayout(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public void OnAudio(int muLawBytes)
    {
        lock (_lock)
        {
            _playedUntil = Math.Max(_playedUntil, NowLocked()) + (muLawBytes * _timeProvider.TimestampFrequency / MuLawBytesPerSecond);
        }
    }

    public void OnMark(string name)
    {
        lock (_lock)
        {
            _marks.Enqueue((name, Math.Max(_playedUntil, NowLocked())));
        }
    }

    /// <summary>Moves the marks whose audio has played into <paramref name="due"/>; returns how long until the next one is due (null: none pending, or paused).</summary>
    public TimeSpan? TakeDue(List<string> due)
    {
        lock (_lock)
        {
            if (_pausedAt is not null)
            {
                return null;
            }

            var now = _timeProvider.GetTimestamp();
            while (_marks.TryPeek(out var mark) && mark.DueAt <= now)
            {
                due.Add(_marks.Dequeue().Name);
            }

            return _marks.TryPeek(out var next) ? _timeProvider.GetElapsedTime(now, next.DueAt) : null;
        }
    }

    /// <summary>Drops the audio not played yet; returns the pending marks, in order.</summary>
    public List<string> Clear()
    {
        lock (_lock)
        {
            var pending = new List<string>(_marks.Count);
            while (_marks.TryDequeue(out var mark))
            {
                pending.Add(mark.Name);
            }

            _playedUntil = NowLocked();
            return pending;
        }
    }

    public void Pause()
    {
        lock (_lock)
        {
            _pausedAt ??= _timeProvider.GetTimestamp();
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            if (_pausedAt is not { } pausedAt)
            {
                return;
            }

            // The clock stood still while paused: everything still to play moves later by the pause's length.
            var shift = _timeProvider.GetTimestamp() - pausedAt;
            _pausedAt = null;
            _playedUntil += shift;
            var count = _marks.Count;
            for (var i = 0; i < count; i++)
            {
                var (name, dueAt) = _marks.Dequeue();
                _marks.Enqueue((name, dueAt + shift));
            }
        }
    }

    private long NowLocked() => _pausedAt ?? _timeProvider.GetTimestamp();
}
