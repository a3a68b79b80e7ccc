using System;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// Collects the keys a caller presses into one typed entry, e.g. a phone number: the entry ends with <c>#</c> (which is
/// not part of it), after a pause with no key, or at <see cref="MaxKeys"/> keys. Other keys (<c>*</c>, <c>A</c>-<c>D</c>)
/// are kept as pressed.
/// </summary>
/// <remarks>Receive loop only. A pause is noticed when the next message arrives, which is at most 20 ms later: Twilio
/// streams the caller's audio for the whole call.</remarks>
internal sealed class DtmfCollector
{
    /// <summary>The longest entry; a longer one is handed over in parts.</summary>
    public const int MaxKeys = 32;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pause;
    private readonly char[] _keys = new char[MaxKeys];
    private int _count;
    private long _lastKeyAt;

    public DtmfCollector(TimeSpan pause, TimeProvider timeProvider)
    {
        _pause = pause;
        _timeProvider = timeProvider;
    }

    /// <summary>A key was pressed; returns the finished entry when it ends one (<c>#</c>, or the entry is full), else null.</summary>
    public string? Add(char key)
    {
        if (key == '#')
        {
            return TakePending();
        }

        _keys[_count++] = key;
        _lastKeyAt = _timeProvider.GetTimestamp();
        return _count == MaxKeys ? TakePending() : null;
    }

    /// <summary>The entry, when the caller has pressed nothing for the pause; else null.</summary>
    public string? TakeIfPaused() =>
        _count > 0 && _timeProvider.GetElapsedTime(_lastKeyAt) >= _pause ? TakePending() : null;

    /// <summary>The keys pressed so far (the call is ending), or null when there are none.</summary>
    public string? TakePending()
    {
        if (_count == 0)
        {
            return null;
        }

        var entry = new string(_keys, 0, _count);
        _count = 0;
        return entry;
    }
}
