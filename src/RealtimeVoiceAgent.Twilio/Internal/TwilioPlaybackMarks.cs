using System;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// What Twilio has played of the assistant's audio. After each piece of audio the transport sends a mark named
/// <c>{itemId}:{ms}</c>, the item and the milliseconds of it sent so far; Twilio echoes a mark when the audio before it has
/// been played, so the last echo says how much of the item the caller heard. On <c>clear</c> Twilio drops the audio it has
/// not played and echoes all pending marks at once: those echoes of the cleared item are ignored, since that audio was
/// never heard. Every mark is echoed once, played or cleared, so "all echoed" means Twilio has nothing left to play.
/// </summary>
/// <remarks>The send loop calls <see cref="OnAudioSent"/> and <see cref="OnClear"/>; the receive loop calls
/// <see cref="TryTakePlayed"/>; <see cref="WaitUntilAllEchoedAsync"/> is called by the close.</remarks>
internal sealed class TwilioPlaybackMarks
{
    private const int MuLawBytesPerMs = 8; // 8000 samples a second, one byte each
    private readonly Lock _lock = new();
    // Send loop only.
    private string? _sendingItemId;
    private long _sendingItemBytes;
    // Receive loop only: the last echoed item's id, so each echo of the same item reuses the string.
    private string? _echoItemId;
    private byte[] _echoItemUtf8 = [];
    // Shared.
    private volatile string? _clearedItemId;
    private long _sent;
    private long _echoed;
    private TaskCompletionSource? _allEchoed;

    /// <summary>The longest mark name <see cref="OnAudioSent"/> writes for an item id of <paramref name="itemIdLength"/> characters.</summary>
    public static int MaxNameLength(int itemIdLength) => itemIdLength + 1 + 11;

    /// <summary>Whether every mark sent has been echoed (Twilio has nothing of ours left to play).</summary>
    public bool AllEchoed => Interlocked.Read(ref _echoed) >= Interlocked.Read(ref _sent);

    /// <summary>Counts audio about to be sent and writes the name of the mark that follows it into <paramref name="name"/>; returns the name's length.</summary>
    public int OnAudioSent(string itemId, int muLawBytes, Span<char> name)
    {
        if (!string.Equals(_sendingItemId, itemId, StringComparison.Ordinal))
        {
            _sendingItemId = itemId;
            _sendingItemBytes = 0;
        }

        _sendingItemBytes += muLawBytes;
        // Counted before the mark is on the wire, so its echo can never arrive before it is counted.
        Interlocked.Increment(ref _sent);
        itemId.CopyTo(name);
        name[itemId.Length] = ':';
        ((int)(_sendingItemBytes / MuLawBytesPerMs)).TryFormat(name[(itemId.Length + 1)..], out var digits, provider: CultureInfo.InvariantCulture);
        return itemId.Length + 1 + digits;
    }

    /// <summary>A <c>clear</c> is about to be sent: the marks of the item being played will come back unplayed.</summary>
    public void OnClear() => _clearedItemId = _sendingItemId;

    /// <summary>
    /// An echoed mark. True, with the item and the milliseconds of it played, when it reports what the caller heard; false
    /// for an echo of a cleared item's mark, and for a name this transport did not send.
    /// </summary>
    public bool TryTakePlayed(ReadOnlySpan<byte> name, out string? itemId, out int playedMs)
    {
        itemId = null;
        playedMs = 0;
        var echoed = Interlocked.Increment(ref _echoed);
        if (echoed >= Interlocked.Read(ref _sent))
        {
            lock (_lock)
            {
                _allEchoed?.TrySetResult();
            }
        }

        var colon = name.LastIndexOf((byte)':');
        if (colon <= 0 || !Utf8Parser.TryParse(name[(colon + 1)..], out playedMs, out var consumed) || consumed != name.Length - colon - 1 || playedMs < 0)
        {
            return false;
        }

        itemId = ItemIdOf(name[..colon]);
        return !string.Equals(itemId, _clearedItemId, StringComparison.Ordinal);
    }

    /// <summary>Waits until every mark sent has been echoed, at most <paramref name="timeout"/>; false when it timed out.</summary>
    public async Task<bool> WaitUntilAllEchoedAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task allEchoed;
        lock (_lock)
        {
            if (AllEchoed)
            {
                return true;
            }

            if (_allEchoed is null || _allEchoed.Task.IsCompleted)
            {
                _allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            allEchoed = _allEchoed.Task;
        }

        try
        {
            await allEchoed.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private string ItemIdOf(ReadOnlySpan<byte> utf8)
    {
        if (_echoItemId is null || !utf8.SequenceEqual(_echoItemUtf8))
        {
            _echoItemUtf8 = utf8.ToArray();
            _echoItemId = Encoding.UTF8.GetString(utf8);
        }

        return _echoItemId;
    }
}
