using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// What the caller is hearing and how far it got, and what to cut when it interrupts: the single owner of the assistant's
/// audio item, the response in progress and the pending truncation (all under one lock; the model loop and the caller's
/// receive loop both report to it).
/// </summary>
internal sealed class PlaybackTracker
{
    private readonly Lock _lock = new();
    private readonly ModelAudioFormat _modelFormat;
    private readonly bool _turnDetectionInterrupts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private bool _responseInProgress;
    private string? _responseId;
    // The assistant audio item the caller is hearing: what was sent, when it started, what the caller says it played.
    private string? _itemId;
    private int _contentIndex;
    // Bytes of the model's audio format (8 per ms for G.711, 48 for PCM16 at 24 kHz).
    private long _bytesSent;
    private long _startedAt;
    private int? _playedMs;
    // The item the caller interrupted: its remaining in-flight deltas are not forwarded (the caller stopped playback).
    private string? _interruptedItemId;
    // A truncate/delete was sent and the model has not confirmed it: an error now is its rejection.
    private bool _itemEditPending;
    private int _bargeIns;
    // The response in progress was already interrupted once (a second speech_started before its response.done is not another barge-in).
    private bool _responseInterrupted;

    // modelFormat: what the model's audio bytes are, to turn them into milliseconds.
    // turnDetectionInterrupts: whether the model's turn detection cancels the reply itself when the caller speaks.
    public PlaybackTracker(ModelAudioFormat modelFormat, bool turnDetectionInterrupts, TimeProvider timeProvider, ILogger logger)
    {
        _modelFormat = modelFormat;
        _turnDetectionInterrupts = turnDetectionInterrupts;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// How often the caller interrupted the agent's reply (by speaking, or by the app's <c>interrupt</c>): a reply was in
    /// progress or the caller had not heard all of it. Speech after a reply was fully heard is a new turn, not a barge-in.
    /// </summary>
    public int BargeIns
    {
        get
        {
            lock (_lock)
            {
                return _bargeIns;
            }
        }
    }

    /// <summary>Records a model audio delta of <paramref name="bytes"/>; false when it belongs to an interrupted item and must not reach the caller.</summary>
    public bool OnAudio(string itemId, int contentIndex, int bytes, long receivedAt)
    {
        lock (_lock)
        {
            if (string.Equals(_interruptedItemId, itemId, StringComparison.Ordinal))
            {
                return false;
            }

            if (!string.Equals(_itemId, itemId, StringComparison.Ordinal))
            {
                _itemId = itemId;
                _contentIndex = contentIndex;
                _bytesSent = 0;
                _startedAt = receivedAt;
                _playedMs = null;
            }

            _bytesSent += bytes;
            return true;
        }
    }

    /// <summary>The caller reports how much of an item it played.</summary>
    public void OnPlayback(string itemId, int playedMs)
    {
        lock (_lock)
        {
            if (string.Equals(_itemId, itemId, StringComparison.Ordinal))
            {
                _playedMs = playedMs;
            }
        }
    }

    public void OnResponseCreated(string? responseId)
    {
        lock (_lock)
        {
            _responseInProgress = true;
            _responseInterrupted = false;
            _responseId = responseId;
        }
    }

    public void OnResponseDone()
    {
        lock (_lock)
        {
            _responseInProgress = false;
            _responseId = null;
        }
    }

    /// <summary>
    /// The model connection dropped: the response in progress and its audio item are gone with the session (the new one
    /// has neither), so an interruption has nothing to cancel or cut until the next reply. Deltas of an interrupted item
    /// stay dropped.
    /// </summary>
    public void OnModelLost()
    {
        lock (_lock)
        {
            _responseInProgress = false;
            _responseId = null;
            _itemId = null;
            _bytesSent = 0;
            _playedMs = null;
            _itemEditPending = false;
        }
    }

    /// <summary>The model confirmed a truncate or delete.</summary>
    public void OnItemEdited()
    {
        lock (_lock)
        {
            _itemEditPending = false;
        }
    }

    /// <summary>Whether a model error is the rejection of the truncate/delete just sent (which changes nothing the caller hears).</summary>
    public bool TakeItemEditRejection()
    {
        lock (_lock)
        {
            var pending = _itemEditPending;
            _itemEditPending = false;
            return pending;
        }
    }

    /// <summary>
    /// Stops the reply the caller is hearing: cancels the response (unless the model's turn detection already does so on
    /// speech) and truncates the assistant item at what the caller played, so the model's memory of the conversation
    /// matches what the caller heard. Nothing played: the item is deleted instead (a truncate at 0 ms is rejected).
    /// </summary>
    /// <remarks>
    /// A model that cannot truncate (<see cref="VoiceModelSession.SupportsTruncation"/> false, GPT-Live) is told nothing: the
    /// caller stops its playback locally, and the model, which listens while it talks, stops on its own. Its later audio still
    /// reaches the caller (the model may go on), except after the caller's explicit cancel, which drops the rest of the reply.
    /// </remarks>
    public async ValueTask InterruptAsync(VoiceModelSession session, string? reportedItemId, int? reportedPlayedMs, bool explicitCancel, CancellationToken ct)
    {
        if (!session.SupportsTruncation)
        {
            StopLocally(explicitCancel);
            return;
        }

        var (cancel, responseId, itemId, contentIndex, playedMs) = DecideInterruption(reportedItemId, reportedPlayedMs, explicitCancel);
        try
        {
            if (cancel)
            {
                await session.CancelResponseAsync(responseId, ct).ConfigureAwait(false);
            }

            if (itemId is not null)
            {
                if (playedMs == 0)
                {
                    await session.DeleteItemAsync(itemId, ct).ConfigureAwait(false);
                }
                else
                {
                    await session.TruncateItemAsync(itemId, contentIndex, playedMs, ct).ConfigureAwait(false);
                }

                RelayLog.ReplyInterrupted(_logger, itemId, playedMs, cancel);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && ex is not OperationCanceledException)
        {
            // Interrupting is best effort; a failure here is a dropping model connection, which the model loop reports.
            RelayLog.InterruptFailed(_logger, ex.GetType().Name);
        }
    }

    private void StopLocally(bool dropRest)
    {
        string? itemId;
        lock (_lock)
        {
            itemId = _itemId;
            if (dropRest)
            {
                _interruptedItemId = _itemId ?? _interruptedItemId;
            }

            _itemId = null;
            _bytesSent = 0;
        }

        if (itemId is not null)
        {
            RelayLog.ReplyStoppedLocally(_logger, itemId, dropRest);
        }
    }

    private (bool Cancel, string? ResponseId, string? ItemId, int ContentIndex, int PlayedMs) DecideInterruption(string? reportedItemId, int? reportedPlayedMs, bool explicitCancel)
    {
        lock (_lock)
        {
            var cancel = _responseInProgress && (explicitCancel || !_turnDetectionInterrupts);
            var itemId = _itemId;
            var sentMs = _modelFormat.ToMilliseconds(_bytesSent);
            var played = reportedItemId is not null && reportedPlayedMs is not null && string.Equals(reportedItemId, itemId, StringComparison.Ordinal)
                ? reportedPlayedMs.Value
                : _playedMs ?? (int)_timeProvider.GetElapsedTime(_startedAt).TotalMilliseconds; // no report: assume real-time playback since the first delta
            var playedMs = Math.Clamp(played, 0, sentMs);
            if (itemId is not null && playedMs >= sentMs && !_responseInProgress)
            {
                itemId = null; // the caller heard the whole item: nothing to cut
            }

            if ((_responseInProgress && !_responseInterrupted) || itemId is not null)
            {
                _bargeIns++;
                _responseInterrupted = _responseInProgress;
            }

            var decision = (cancel, _responseId, itemId, _contentIndex, playedMs);
            _interruptedItemId = _itemId ?? _interruptedItemId;
            _itemId = null;
            _bytesSent = 0;
            _itemEditPending |= itemId is not null;
            return decision;
        }
    }
}
