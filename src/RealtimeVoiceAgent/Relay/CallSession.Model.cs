using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Relay;

// The model side: connect, configure, greet, and turn model events into caller messages and tool calls.
internal sealed partial class CallSession
{
    private readonly object _playbackLock = new();
    private readonly bool _turnDetectionInterrupts;
    private bool _greeted;
    private bool _responseInProgress;
    private string? _responseId;
    // Tool calls run beside the model loop, so a slow tool does not hold up the caller's events (guarded by _toolLock).
    // They run one after another in the order the model called them, as the contact tools expect (a save before an
    // update); the follow-up response.create goes out once every tool of the response has answered and its
    // response.done arrived.
    private readonly Lock _toolLock = new();
    private Task _lastTool = Task.CompletedTask;
    private int _toolsRunning;
    private bool _followUpDue;
    private bool _responseDoneSeen;
    // The assistant audio item the caller is hearing: what was sent, when it started, what the caller says it played.
    private string? _audioItemId;
    private int _audioContentIndex;
    private long _audioSamplesSent;
    private long _audioStartedAt;
    private int? _audioPlayedMs;
    // The item the caller interrupted: its remaining in-flight deltas are not forwarded (the caller stopped playback).
    private string? _interruptedItemId;
    private bool _itemEditPending;

    private async Task RunModelAsync()
    {
        var ct = _modelCts.Token;
        try
        {
            RealtimeSession session;
            try
            {
                using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectCts.CancelAfter(_settings.ConnectTimeout);
                session = await _client.ConnectAsync(connectCts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                Log.ModelConnectFailed(_logger, ex.GetType().Name, ex.Message);
                End(CallEndReason.ModelUnavailable);
                return;
            }

            if (Interlocked.CompareExchange(ref _session, session, null) is not null || EndReason != CallEndReason.None)
            {
                // The call ended while connecting.
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Log.ModelConnected(_logger);
            await session.ConfigureAsync(_agent.SessionConfiguration, ct).ConfigureAwait(false);
            await foreach (var serverEvent in session.ReceiveEventsAsync(ct).ConfigureAwait(false))
            {
                await OnModelEventAsync(session, serverEvent, _timeProvider.GetTimestamp(), ct).ConfigureAwait(false);
            }

            // The model closed the session while the call was running.
            Log.ModelClosed(_logger);
            End(CallEndReason.ModelDisconnected);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EndForModelSideFailure(ex);
        }
        finally
        {
            await WaitForToolsAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnModelEventAsync(RealtimeSession session, RealtimeServerEvent serverEvent, long receivedAt, CancellationToken ct)
    {
        switch (serverEvent)
        {
            case RealtimeServerEventResponseOutputAudioDelta delta:
                OnAudioDelta(delta, receivedAt);
                break;

            case RealtimeServerEventSessionUpdated:
                if (!_greeted)
                {
                    // The greeting is requested exactly once per call, even if the session is updated again.
                    _greeted = true;
                    await session.CreateResponseAsync(_agent.Greeting, ct).ConfigureAwait(false);
                    _ready = true;
                    SendSimple(s_ready);
                    Log.CallReady(_logger);
                }

                break;

            case RealtimeServerEventInputAudioBufferSpeechStarted:
                SendSimple(s_listening);
                await InterruptAsync(session, reportedItemId: null, reportedPlayedMs: null, explicitCancel: false, ct).ConfigureAwait(false);
                break;

            case RealtimeServerEventInputAudioBufferSpeechStopped:
                SendSimple(s_processing);
                break;

            case RealtimeServerEventResponseCreated created:
                lock (_playbackLock)
                {
                    _responseInProgress = true;
                    _responseId = created.ResponseId;
                }

                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDelta transcriptDelta:
                if (_protocol.Transcripts)
                {
                    SendTranscript(isDelta: true, "assistant", transcriptDelta.ItemId, transcriptDelta.Delta);
                }

                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDone transcriptDone:
                Log.AssistantTranscript(_logger, transcriptDone.Transcript);
                SendText(transcriptDone.Transcript);
                if (_protocol.Transcripts)
                {
                    SendTranscript(isDelta: false, "assistant", transcriptDone.ItemId, transcriptDone.Transcript);
                }

                break;

            case RealtimeServerEventInputAudioTranscriptionDelta userDelta:
                if (_protocol.Transcripts)
                {
                    SendTranscript(isDelta: true, "user", userDelta.ItemId, userDelta.Delta);
                }

                break;

            case RealtimeServerEventInputAudioTranscriptionCompleted userDone:
                Log.UserTranscript(_logger, userDone.Transcript);
                if (_protocol.Transcripts)
                {
                    SendTranscript(isDelta: false, "user", userDone.ItemId, userDone.Transcript);
                }

                break;

            case RealtimeServerEventResponseOutputItemDone { Item.Type: "function_call" } itemDone:
                StartTool(session, itemDone.Item.CallId ?? string.Empty, itemDone.Item.Name ?? string.Empty, itemDone.Item.Arguments ?? "{}", ct);
                break;

            case RealtimeServerEventResponseDone done:
                await OnResponseDoneAsync(session, done, ct).ConfigureAwait(false);
                break;

            case RealtimeServerEventConversationItemTruncated:
            case RealtimeServerEventConversationItemDeleted:
                _itemEditPending = false;
                break;

            case RealtimeServerEventError error:
                OnModelError(error);
                break;
        }
    }

    private void OnAudioDelta(RealtimeServerEventResponseOutputAudioDelta delta, long receivedAt)
    {
        var itemId = delta.ItemId ?? string.Empty;
        bool newItem;
        lock (_playbackLock)
        {
            if (string.Equals(_interruptedItemId, itemId, StringComparison.Ordinal))
            {
                return;
            }

            newItem = !string.Equals(_audioItemId, itemId, StringComparison.Ordinal);
            if (newItem)
            {
                _audioItemId = itemId;
                _audioContentIndex = delta.ContentIndex;
                _audioSamplesSent = 0;
                _audioStartedAt = receivedAt;
                _audioPlayedMs = null;
            }

            _audioSamplesSent += delta.Audio.Length / 2;
        }

        if (newItem && _protocol.BinaryAudio)
        {
            SendAudioItem(itemId);
        }

        SendAudio(delta.Audio.Span, itemId, receivedAt);
    }

    private void OnCallerPlayback(string itemId, int playedMs)
    {
        lock (_playbackLock)
        {
            if (string.Equals(_audioItemId, itemId, StringComparison.Ordinal))
            {
                _audioPlayedMs = playedMs;
            }
        }
    }

    private async ValueTask OnCallerCancelAsync(string? itemId, int? playedMs)
    {
        var session = _session;
        if (session is null || !_ready)
        {
            return;
        }

        await InterruptAsync(session, itemId, playedMs, explicitCancel: true, _receiveCts.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the reply the caller is hearing: cancels the response (unless the service's turn detection already
    /// does so on speech) and truncates the assistant item at what the caller has played, so the model's memory of
    /// the conversation matches what the caller heard. Nothing played -> the item is deleted instead.
    /// </summary>
    private async ValueTask InterruptAsync(RealtimeSession session, string? reportedItemId, int? reportedPlayedMs, bool explicitCancel, CancellationToken ct)
    {
        bool cancel;
        string? responseId;
        string? itemId;
        int contentIndex;
        int playedMs;
        lock (_playbackLock)
        {
            cancel = _responseInProgress && (explicitCancel || !_turnDetectionInterrupts);
            responseId = _responseId;
            itemId = _audioItemId;
            contentIndex = _audioContentIndex;
            var sentMs = (int)(_audioSamplesSent * 1000 / CallerProtocolOptions.ModelSampleRate);
            var played = reportedItemId is not null && reportedPlayedMs is not null && string.Equals(reportedItemId, itemId, StringComparison.Ordinal)
                ? reportedPlayedMs.Value
                : _audioPlayedMs ?? (int)_timeProvider.GetElapsedTime(_audioStartedAt).TotalMilliseconds; // no report: assume real-time playback since the first delta
            playedMs = Math.Clamp(played, 0, sentMs);
            if (itemId is not null && playedMs >= sentMs && !_responseInProgress)
            {
                itemId = null; // the caller heard the whole item: nothing to cut
            }

            _interruptedItemId = _audioItemId ?? _interruptedItemId;
            _audioItemId = null;
            _audioSamplesSent = 0;
        }

        try
        {
            if (cancel)
            {
                await session.CancelResponseAsync(responseId, ct).ConfigureAwait(false);
            }

            if (itemId is not null)
            {
                _itemEditPending = true;
                if (playedMs == 0)
                {
                    await session.DeleteItemAsync(itemId, ct).ConfigureAwait(false);
                }
                else
                {
                    await session.TruncateItemAsync(itemId, contentIndex, playedMs, ct).ConfigureAwait(false);
                }

                Log.ReplyInterrupted(_logger, itemId, playedMs, cancel);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && ex is not OperationCanceledException)
        {
            // Interrupting is best effort; a failure here is a dropping model connection, which the model loop reports.
            Log.InterruptFailed(_logger, ex.GetType().Name);
        }
    }

    // Only the model loop starts tools, so _lastTool is read and replaced by one thread.
    private void StartTool(RealtimeSession session, string callId, string name, string arguments, CancellationToken ct)
    {
        lock (_toolLock)
        {
            _toolsRunning++;
            _followUpDue = true;
        }

        _lastTool = RunToolAsync(_lastTool, session, callId, name, arguments, ct);
    }

    private async Task RunToolAsync(Task previous, RealtimeSession session, string callId, string name, string arguments, CancellationToken ct)
    {
        // Off the model loop from here on, even for a tool that completes synchronously; after the previous tool (which
        // handles its own failures, so awaiting it never throws).
        await Task.Yield();
        await previous.ConfigureAwait(false);
        try
        {
            Log.ToolCalled(_logger, name, callId);
            Log.ToolArguments(_logger, name, arguments);
            var outcome = await _agent.InvokeToolAsync(callId, name, arguments, ct).ConfigureAwait(false);
            await session.SendFunctionCallOutputAsync(callId, outcome.Output, ct).ConfigureAwait(false);
            if (outcome.CallerMessageType is not null)
            {
                SendWithData(outcome.CallerMessageType, outcome.CallerDataJson);
            }

            bool followUp;
            lock (_toolLock)
            {
                _toolsRunning--;
                followUp = TakeFollowUpLocked();
            }

            if (followUp)
            {
                await session.CreateResponseAsync(cancellationToken: ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The call is ending.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The output could not reach the model, or the agent failed: the call cannot go on without it.
            EndForModelSideFailure(ex);
        }
    }

    // Ends the call for a failure of the model loop or a tool run: a dropped or broken model connection is
    // model_disconnected, anything else a fault of the relay or the agent.
    private void EndForModelSideFailure(Exception ex)
    {
        if (ex is RealtimeConnectionException)
        {
            Log.ModelDropped(_logger, ex.Message);
            End(CallEndReason.ModelDisconnected);
        }
        else if (EndReason == CallEndReason.None)
        {
            Log.RelayFailed(_logger, ex);
            End(ex is System.Net.WebSockets.WebSocketException or System.IO.IOException or ObjectDisposedException
                ? CallEndReason.ModelDisconnected
                : CallEndReason.InternalError);
        }
    }

    // A follow-up is due when the response asked for tools, all of them answered and the response is done; once.
    private bool TakeFollowUpLocked()
    {
        if (!_followUpDue || !_responseDoneSeen || _toolsRunning > 0)
        {
            return false;
        }

        _followUpDue = false;
        _responseDoneSeen = false;
        return true;
    }

    // Lets tools that are still running finish (cancelled with the call, each bounded by its tool timeout); the last one
    // ends after all the others.
    private Task WaitForToolsAsync() => _lastTool;

    private async ValueTask OnResponseDoneAsync(RealtimeSession session, RealtimeServerEventResponseDone done, CancellationToken ct)
    {
        var status = done.Response.Status ?? "completed";
        var responseId = done.Response.Id;
        lock (_playbackLock)
        {
            _responseInProgress = false;
            _responseId = null;
        }

        if (_protocol.ResponseDone)
        {
            SendResponseDone(status, responseId);
        }

        bool followUp;
        lock (_toolLock)
        {
            _responseDoneSeen = _followUpDue;
            followUp = TakeFollowUpLocked();
        }

        if (followUp)
        {
            await session.CreateResponseAsync(cancellationToken: ct).ConfigureAwait(false);
        }
    }

    private void OnModelError(RealtimeServerEventError error)
    {
        if (_itemEditPending)
        {
            // A truncate/delete the service rejects (the item already ended, or the position is past its audio) changes
            // nothing the caller hears: log it and go on.
            _itemEditPending = false;
            Log.ItemEditRejected(_logger, error.Error.Code, error.Error.Message);
            return;
        }

        Log.ModelError(_logger, error.Error.Code, error.Error.Message);
        SendError("model_error", error.Error.Message ?? "The AI service reported an error.");
    }
}
