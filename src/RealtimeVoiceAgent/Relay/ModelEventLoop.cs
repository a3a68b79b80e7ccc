using System;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The model -> caller half of a call: connects and configures the model session, greets, and turns each model event
/// into what the caller hears and sees (audio, <c>listening</c>, captions, transcripts), tool calls and interruptions.
/// When the session drops mid-call it opens a new one within <see cref="CallRelayOptions.ModelReconnectTimeout"/> (backing
/// off between attempts), configures it the same way, replays the <see cref="ConversationLog"/> and resumes: the caller
/// hears <c>reconnecting</c>, then <c>ready</c>.
/// </summary>
internal sealed class ModelEventLoop
{
    /// <summary>The service's error code at its session limit, sent before it closes the socket with 1001.</summary>
    public const string SessionExpiredErrorCode = "session_expired";

    private readonly CallSession _call;
    private readonly VoiceModelClient _client;
    private readonly RealtimeSessionConfiguration _configuration;
    private readonly string? _greeting;
    private readonly AgentHooks _hooks;
    private readonly ToolSequencer _tools;
    private readonly PlaybackTracker _playback;
    private readonly ResponseCoordinator _responses;
    private readonly CallerTextInput _typed;
    private bool _greeted;
    // Per session (model loop only): whether its session.updated arrived, and why the relay gave it up.
    private bool _configured;
    private Exception? _droppedFor;
    private ITimer? _configureDeadline;
    // The outage in progress (0: none) and its reconnect attempts so far.
    private long _outageStartedAt;
    private int _attempts;
    // Whether the response in progress has finished an assistant transcript: a reply the caller heard in full.
    private bool _replyHeard;
    // Whether assistant audio flowed since the last finished assistant transcript (model loop only).
    private bool _assistantSpeaking;

    public ModelEventLoop(CallSession call, VoiceModelClient client, RealtimeSessionConfiguration configuration, string? greeting, AgentHooks hooks, ToolSequencer tools, PlaybackTracker playback, ResponseCoordinator responses, CallerTextInput typed)
    {
        _call = call;
        _client = client;
        _configuration = configuration;
        _greeting = greeting;
        _hooks = hooks;
        _tools = tools;
        _playback = playback;
        _responses = responses;
        _typed = typed;
    }

    /// <summary>The session configuration of an agent: its members, the call's tools, then its own last word; the audio formats are the call's.</summary>
    public static RealtimeSessionConfiguration CreateSessionConfiguration(VoiceAgent agent, ToolRegistry tools, ModelAudioFormat audioFormat)
    {
        var configuration = new RealtimeSessionConfiguration
        {
            Instructions = agent.Instructions,
            Voice = agent.Voice,
            InputTranscription = agent.InputTranscription,
            TurnDetection = agent.TurnDetection,
        };
        foreach (var definition in tools.Definitions)
        {
            configuration.Tools.Add(definition);
        }

        if (configuration.Tools.Count > 0)
        {
            configuration.ToolChoice = RealtimeToolChoice.Auto;
        }

        agent.ConfigureSession(configuration);

        // The relay converts (or passes through) audio for this format both ways, so it is set after the agent's word.
        configuration.InputAudioFormat = audioFormat.WireFormat;
        configuration.OutputAudioFormat = audioFormat.WireFormat;
        return configuration;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            VoiceModelSession session;
            try
            {
                session = await StartSessionAsync(_call.Options.ConnectTimeout, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                RelayLog.ModelConnectFailed(_call.Logger, ex.GetType().Name, ex.Message);
                _call.End(CallEndReason.ModelUnavailable);
                return;
            }

            if (!_call.TryAttachModel(session))
            {
                // The call ended while connecting.
                await session.DisposeAsync().ConfigureAwait(false);
                return;
            }

            RelayLog.ModelConnected(_call.Logger);
            while (true)
            {
                // 1. Read the session until it drops (or the call ends, which throws), 2. replace it, or end the call.
                var drop = await RunSessionAsync(session, ct).ConfigureAwait(false);
                if (await ReconnectAsync(session, drop, ct).ConfigureAwait(false) is not { } next)
                {
                    return;
                }

                session = next;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _call.EndForModelSideFailure(ex);
        }
        finally
        {
            await _tools.WhenIdle.ConfigureAwait(false);
        }
    }

    // On the relay's clock, like every other limit of the call.
    private async Task<VoiceModelSession> StartSessionAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timeoutCts = new CancellationTokenSource(timeout, _call.TimeProvider);
        using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        return await _client.StartSessionAsync(connectCts.Token).ConfigureAwait(false);
    }

    // Configures the session and relays its events until it drops. Returns why it dropped (null: the model closed it
    // normally); throws when the call ends (cancellation) and for anything that is not a broken connection.
    private async Task<Exception?> RunSessionAsync(VoiceModelSession session, CancellationToken ct)
    {
        _configured = false;
        _droppedFor = null;
        using var dropSignal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _call.WatchModelSession(session, dropSignal);
        // A session opened to replace a dropped one must be configured within what is left of the reconnect timeout.
        using var configureDeadline = _outageStartedAt == 0 ? null : _call.TimeProvider.CreateTimer(
            static state =>
            {
                var (loop, signal) = ((ModelEventLoop, CancellationTokenSource))state!;
                loop.GiveUpUnconfigured(signal);
            },
            (this, dropSignal),
            Max(_call.Options.ModelReconnectTimeout - _call.TimeProvider.GetElapsedTime(_outageStartedAt), TimeSpan.Zero),
            Timeout.InfiniteTimeSpan);
        _configureDeadline = configureDeadline;
        try
        {
            await session.ConfigureAsync(_configuration, ct).ConfigureAwait(false);
            await foreach (var serverEvent in session.ReceiveEventsAsync(dropSignal.Token).ConfigureAwait(false))
            {
                await OnEventAsync(session, serverEvent, _call.TimeProvider.GetTimestamp(), ct).ConfigureAwait(false);
                if (dropSignal.IsCancellationRequested)
                {
                    break;
                }
            }

            ct.ThrowIfCancellationRequested();

            return dropSignal.IsCancellationRequested && !ct.IsCancellationRequested
                ? _droppedFor ?? new RealtimeConnectionException("A send to the model failed.")
                : null;
        }
        catch (OperationCanceledException) when (dropSignal.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // A send found the session broken, or the service said the session expired: give it up.
            return _droppedFor ?? new RealtimeConnectionException("A send to the model failed.");
        }
        catch (Exception ex) when (CallSession.IsModelConnectionFailure(ex) && !ct.IsCancellationRequested)
        {
            return ex;
        }
        finally
        {
            _configureDeadline = null;
            _call.WatchModelSession(null, null);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Timer thread: the replacement session was not configured in time.
    private void GiveUpUnconfigured(CancellationTokenSource dropSignal)
    {
        if (Volatile.Read(ref _configured))
        {
            return;
        }

        Volatile.Write(ref _droppedFor, new RealtimeConnectionException("The new model session was not configured within the reconnect timeout."));
        try
        {
            dropSignal.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session was given up meanwhile.
        }
    }

    // The session dropped: end the call as before when reconnecting is off (or the agent was ending it anyway), else
    // open a new session within the reconnect timeout. Returns it (attached to the call), or null when the call ends.
    private async Task<VoiceModelSession?> ReconnectAsync(VoiceModelSession dropped, Exception? drop, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || _call.EndReason != CallEndReason.None)
        {
            // The call is ending (its shutdown closed the session).
            return null;
        }

        if (!_call.ReconnectsModel)
        {
            if (drop is null)
            {
                RelayLog.ModelClosed(_call.Logger);
                _call.End(CallEndReason.ModelDisconnected);
            }
            else
            {
                _call.EndForModelSideFailure(drop);
            }

            return null;
        }

        if (_responses.IsEndRequested)
        {
            // The agent asked to end the call after its goodbye, which was under way: nothing is left to say.
            RelayLog.ModelDroppedWhileEnding(_call.Logger);
            _call.End(CallEndReason.Completed);
            return null;
        }

        var timeout = _call.Options.ModelReconnectTimeout;
        var firstDrop = _outageStartedAt == 0;
        if (firstDrop)
        {
            // A session that drops again before it is ready continues the same outage, within the same timeout.
            _outageStartedAt = _call.TimeProvider.GetTimestamp();
            _attempts = 0;
            RelayLog.ModelConnectionLost(_call.Logger, Describe(drop), timeout.TotalSeconds);
        }

        // Caller audio stops and items are only logged; the caller hears of it once per outage.
        var owned = _call.BeginReconnect(dropped, tellCaller: firstDrop);
        _typed.OnModelLost();
        _playback.OnModelLost();
        if (!owned)
        {
            return null;
        }

        await DisposeQuietlyAsync(dropped).ConfigureAwait(false);
        while (true)
        {
            _attempts++;
            var delay = ReconnectBackoff.DelayBefore(_attempts, Random.Shared.NextDouble());
            if (_call.TimeProvider.GetElapsedTime(_outageStartedAt) + delay >= timeout)
            {
                break;
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _call.TimeProvider, ct).ConfigureAwait(false);
            }

            var elapsed = _call.TimeProvider.GetElapsedTime(_outageStartedAt);
            RelayLog.ModelReconnectAttempt(_call.Logger, _attempts, elapsed.TotalMilliseconds);
            try
            {
                var remaining = timeout - elapsed;
                var session = await StartSessionAsync(remaining < _call.Options.ConnectTimeout ? remaining : _call.Options.ConnectTimeout, ct).ConfigureAwait(false);
                if (!_call.TryAttachModel(session))
                {
                    // The call ended while connecting.
                    await session.DisposeAsync().ConfigureAwait(false);
                    return null;
                }

                RelayLog.ModelConnected(_call.Logger);
                return session;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                RelayLog.ModelReconnectAttemptFailed(_call.Logger, _attempts, ex.GetType().Name, ex.Message);
                if (ex is RealtimeConnectionException { HandshakeStatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound })
                {
                    // The service refuses this client (key, access, model): trying again cannot help.
                    break;
                }
            }
        }

        RelayLog.ModelReconnectFailed(_call.Logger, timeout.TotalSeconds, _attempts);
        _call.End(CallEndReason.ModelDisconnected);
        return null;
    }

    // The session is configured: the first time, greet; after a reconnect, replay the conversation and answer what the
    // caller was waiting for. Either way the caller is told ready once the model has everything it needs.
    private async ValueTask OnConfiguredAsync(VoiceModelSession session, CancellationToken ct)
    {
        Volatile.Write(ref _configured, true);
        _configureDeadline?.Dispose();
        var replayed = await _call.ReplayAndGoLiveAsync(session, ct).ConfigureAwait(false);
        if (!_greeted)
        {
            // The greeting is asked for first (also when the first session dropped before it was configured).
            _greeted = true;
            if (_greeting is not null)
            {
                await _responses.RequestAsync(session, new RealtimeResponseOptions { Instructions = _greeting }, ct).ConfigureAwait(false);
            }

            _outageStartedAt = 0;
            _call.MarkReady(session);
            RelayLog.CallReady(_call.Logger, _greeting is not null);
        }
        else
        {
            // The response in progress when the connection dropped is lost. Ask again only when the caller is waiting
            // for one: a request that waited, a tool follow-up whose tools have all answered, or a reply cut off before
            // the caller heard all of it (one that was heard in full is not said twice). While tools still run, the last
            // one asks for the follow-up, which answers everything.
            var options = _responses.OnReconnected(out var wasBusy, out var wasWaiting);
            var followUp = _tools.OnReconnected();
            var respond = !_tools.IsFollowUpDue && (followUp || wasWaiting || (wasBusy && !_replyHeard));
            if (respond)
            {
                await _responses.RequestAsync(session, options, ct).ConfigureAwait(false);
            }

            RelayLog.ModelReconnected(_call.Logger, _attempts, _call.TimeProvider.GetElapsedTime(_outageStartedAt).TotalMilliseconds, replayed, respond);
            _outageStartedAt = 0;
            _call.MarkReady(session);
        }

        await _typed.OnReadyAsync(session, ct).ConfigureAwait(false);
    }

    private async Task DisposeQuietlyAsync(VoiceModelSession session)
    {
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RelayLog.ModelCloseFailed(_call.Logger, ex.GetType().Name);
        }
    }

    // What the log says about a drop: the close status or the failure's type, never its payload.
    private static string Describe(Exception? drop) => drop switch
    {
        null => "closed by the model",
        RealtimeConnectionException { CloseStatus: { } status } => "close " + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        RealtimeConnectionException => "dropped",
        _ => drop.GetType().Name,
    };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnEventAsync(VoiceModelSession session, RealtimeServerEvent serverEvent, long receivedAt, CancellationToken ct)
    {
        var channel = _call.Channel;
        switch (serverEvent)
        {
            case RealtimeServerEventResponseOutputAudioDelta delta:
                var itemId = delta.ItemId ?? string.Empty;
                if (_playback.OnAudio(itemId, delta.ContentIndex, delta.Audio.Length, receivedAt))
                {
                    channel.SendAudio(delta.Audio.Span, itemId, receivedAt);
                    _call.Metrics.OnAudioForwarded(delta.ResponseId, receivedAt);
                }

                if (!_assistantSpeaking)
                {
                    _assistantSpeaking = true;
                    _call.OnAssistantSpeech(speaking: true);
                }

                break;

            case RealtimeServerEventSessionUpdated when !_configured:
                // The caller is told ready once per session, even if the session is updated again.
                await OnConfiguredAsync(session, ct).ConfigureAwait(false);
                break;

            case RealtimeServerEventInputAudioBufferCommitted committed when committed.ItemId is { } committedItem:
                // The caller's turn takes its place in the conversation now; its transcript follows.
                _call.Conversation.ReserveUser(committedItem);
                break;

            case RealtimeServerEventInputAudioBufferSpeechStarted:
                channel.Send(CallerEvent.Listening);
                _call.Metrics.OnSpeechStarted();
                await _playback.InterruptAsync(session, reportedItemId: null, reportedPlayedMs: null, explicitCancel: false, ct).ConfigureAwait(false);
                break;

            case RealtimeServerEventInputAudioBufferSpeechStopped:
                channel.Send(CallerEvent.Processing);
                _call.Metrics.OnSpeechStopped(receivedAt);
                break;

            case RealtimeServerEventResponseCreated created:
                _playback.OnResponseCreated(created.ResponseId);
                _responses.OnResponseCreated();
                _call.Metrics.OnResponseCreated(created.ResponseId, receivedAt);
                _replyHeard = false;
                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDelta assistantDelta:
                channel.Send(CallerEvent.ForTranscript(CallTranscriptRole.Assistant, assistantDelta.ItemId, assistantDelta.Delta, isDelta: true));
                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDone assistantDone:
                if (assistantDone.Transcript.Length > 0 || !session.IsFullDuplex)
                {
                    // A full-duplex model's turn can end without words (a sound, a breath): no empty caption then.
                    RelayLog.AssistantTranscript(_call.Logger, assistantDone.Transcript);
                    channel.Send(CallerEvent.ForText(assistantDone.Transcript)); // the seed's caption
                    OnTranscriptDone(new CallTranscript(CallTranscriptRole.Assistant, assistantDone.ItemId, assistantDone.Transcript), ct);
                }

                if (assistantDone.Transcript.Length > 0)
                {
                    _call.Conversation.Add(new ConversationItem(ConversationItemKind.AssistantText, assistantDone.Transcript), assistantDone.ItemId);
                }

                _replyHeard = true;
                _assistantSpeaking = false;
                _call.OnAssistantSpeech(speaking: false);
                break;

            case RealtimeServerEventInputAudioTranscriptionDelta callerDelta:
                channel.Send(CallerEvent.ForTranscript(CallTranscriptRole.Caller, callerDelta.ItemId, callerDelta.Delta, isDelta: true));
                break;

            case RealtimeServerEventInputAudioTranscriptionCompleted callerDone:
                RelayLog.UserTranscript(_call.Logger, callerDone.Transcript);
                OnTranscriptDone(new CallTranscript(CallTranscriptRole.Caller, callerDone.ItemId, callerDone.Transcript), ct);
                if (callerDone.Transcript.Length > 0)
                {
                    _call.Conversation.SetUserTranscript(callerDone.ItemId, callerDone.Transcript);
                }

                break;

            case RealtimeServerEventResponseOutputItemDone itemDone when itemDone.Item.Type == RealtimeItemType.FunctionCall:
                var callId = itemDone.Item.CallId ?? string.Empty;
                var name = itemDone.Item.Name ?? string.Empty;
                var arguments = itemDone.Item.Arguments ?? "{}";
                // Logged before the tool starts, so its output never comes before it in a replay.
                if (callId.Length > 0 && name.Length > 0)
                {
                    _call.Conversation.Add(new ConversationItem(ConversationItemKind.FunctionCall, arguments, callId, name), itemDone.Item.Id);
                }

                _tools.Start(callId, name, arguments, ct);
                break;

            case RealtimeServerEventResponseDone done:
                _playback.OnResponseDone();
                _call.Metrics.OnResponseDone(done.Response, receivedAt);
                channel.Send(CallerEvent.ForResponseDone((done.Response.Status ?? RealtimeResponseStatus.Completed).Value, done.Response.Id));
                if (!_responses.OnResponseDone())
                {
                    // The agent asked to end the call: its last response is now in the caller channel, and nothing follows.
                    break;
                }

                await _tools.OnResponseDoneAsync(session, ct).ConfigureAwait(false);
                if (!_tools.IsFollowUpDue)
                {
                    // A request that waited for this response (typed input) goes now; a tool follow-up still due covers it.
                    await _responses.SendWaitingAsync(session, ct).ConfigureAwait(false);
                }

                break;

            case RealtimeServerEventConversationItemTruncated:
                _playback.OnItemEdited();
                break;

            case RealtimeServerEventConversationItemDeleted deleted:
                _playback.OnItemEdited();
                if (deleted.ItemId is { } deletedItem)
                {
                    _call.Conversation.Remove(deletedItem);
                }

                break;

            case RealtimeServerEventError error:
                OnError(error);
                break;
        }
    }

    // A finished line, either side: the caller's transcript message and the agent's hook.
    private void OnTranscriptDone(CallTranscript line, CancellationToken ct)
    {
        _call.Channel.Send(CallerEvent.ForTranscript(line.Role, line.ItemId, line.Text, isDelta: false));
        _hooks.Transcript(line, ct);
    }

    private void OnError(RealtimeServerEventError error)
    {
        if (string.Equals(error.Error.Code, SessionExpiredErrorCode, StringComparison.Ordinal) && _call.ReconnectsModel)
        {
            // The service's session limit (60 minutes): it closes the socket next (1001). Not the caller's business: the
            // relay gives the session up now and reconnects.
            RelayLog.ModelSessionExpired(_call.Logger, SessionExpiredErrorCode);
            _droppedFor = new RealtimeConnectionException("The model session reached the service's session limit (session_expired).", System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable);
            _call.GiveUpModelSession();
            return;
        }

        if (_responses.TakeRejection(error.Error.Code))
        {
            // The model started a response itself (turn detection) just as the relay asked for one: the request waits for it.
            RelayLog.ResponseRequestDeferred(_call.Logger);
            return;
        }

        if (_playback.TakeItemEditRejection())
        {
            // A truncate/delete the service rejects (the item already ended, or the position is past its audio) changes
            // nothing the caller hears: log it and go on.
            RelayLog.ItemEditRejected(_call.Logger, error.Error.Code, error.Error.Message);
            return;
        }

        RelayLog.ModelError(_call.Logger, error.Error.Code, error.Error.Message);
        // An empty message is still an error to pass on (found by fuzzing: it threw and ended the call as internal_error).
        _call.Channel.Send(CallerEvent.ForError("model_error", string.IsNullOrEmpty(error.Error.Message) ? "The AI service reported an error." : error.Error.Message));
    }
}
