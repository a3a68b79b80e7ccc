using System;
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
/// </summary>
internal sealed class ModelEventLoop
{
    private readonly CallSession _call;
    private readonly VoiceModelClient _client;
    private readonly RealtimeSessionConfiguration _configuration;
    private readonly string? _greeting;
    private readonly AgentHooks _hooks;
    private readonly ToolSequencer _tools;
    private readonly PlaybackTracker _playback;
    private readonly ResponseCoordinator _responses;
    private readonly CallerTextInput _typed;
    private readonly AgentSystemMessages _systemMessages;
    private bool _greeted;

    public ModelEventLoop(CallSession call, VoiceModelClient client, RealtimeSessionConfiguration configuration, string? greeting, AgentHooks hooks, ToolSequencer tools, PlaybackTracker playback, ResponseCoordinator responses, CallerTextInput typed, AgentSystemMessages systemMessages)
    {
        _systemMessages = systemMessages;
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
                // On the relay's clock, like every other limit of the call.
                using var timeout = new CancellationTokenSource(_call.Options.ConnectTimeout, _call.TimeProvider);
                using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                session = await _client.StartSessionAsync(connectCts.Token).ConfigureAwait(false);
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
            await session.ConfigureAsync(_configuration, ct).ConfigureAwait(false);
            await foreach (var serverEvent in session.ReceiveEventsAsync(ct).ConfigureAwait(false))
            {
                await OnEventAsync(session, serverEvent, _call.TimeProvider.GetTimestamp(), ct).ConfigureAwait(false);
            }

            // The model closed the session while the call was running.
            RelayLog.ModelClosed(_call.Logger);
            _call.End(CallEndReason.ModelDisconnected);
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
                }

                break;

            case RealtimeServerEventSessionUpdated when !_greeted:
                // The caller is told ready once per call, even if the session is updated again; the greeting is asked for first.
                _greeted = true;
                if (_greeting is not null)
                {
                    await _responses.RequestAsync(session, new RealtimeResponseOptions { Instructions = _greeting }, ct).ConfigureAwait(false);
                }

                _call.MarkReady();
                RelayLog.CallReady(_call.Logger, _greeting is not null);
                await _typed.OnReadyAsync(session, ct).ConfigureAwait(false);
                _systemMessages.OnReady(session);
                break;

            case RealtimeServerEventInputAudioBufferSpeechStarted:
                channel.Send(CallerEvent.Listening);
                await _playback.InterruptAsync(session, reportedItemId: null, reportedPlayedMs: null, explicitCancel: false, ct).ConfigureAwait(false);
                break;

            case RealtimeServerEventInputAudioBufferSpeechStopped:
                channel.Send(CallerEvent.Processing);
                break;

            case RealtimeServerEventResponseCreated created:
                _playback.OnResponseCreated(created.ResponseId);
                _responses.OnResponseCreated();
                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDelta assistantDelta:
                channel.Send(CallerEvent.ForTranscript(CallTranscriptRole.Assistant, assistantDelta.ItemId, assistantDelta.Delta, isDelta: true));
                break;

            case RealtimeServerEventResponseOutputAudioTranscriptDone assistantDone:
                RelayLog.AssistantTranscript(_call.Logger, assistantDone.Transcript);
                channel.Send(CallerEvent.ForText(assistantDone.Transcript)); // the seed's caption
                OnTranscriptDone(new CallTranscript(CallTranscriptRole.Assistant, assistantDone.ItemId, assistantDone.Transcript), ct);
                break;

            case RealtimeServerEventInputAudioTranscriptionDelta callerDelta:
                channel.Send(CallerEvent.ForTranscript(CallTranscriptRole.Caller, callerDelta.ItemId, callerDelta.Delta, isDelta: true));
                break;

            case RealtimeServerEventInputAudioTranscriptionCompleted callerDone:
                RelayLog.UserTranscript(_call.Logger, callerDone.Transcript);
                OnTranscriptDone(new CallTranscript(CallTranscriptRole.Caller, callerDone.ItemId, callerDone.Transcript), ct);
                break;

            case RealtimeServerEventResponseOutputItemDone itemDone when itemDone.Item.Type == RealtimeItemType.FunctionCall:
                _tools.Start(session, itemDone.Item.CallId ?? string.Empty, itemDone.Item.Name ?? string.Empty, itemDone.Item.Arguments ?? "{}", ct);
                break;

            case RealtimeServerEventResponseDone done:
                _playback.OnResponseDone();
                _call.AddUsage(done.Response.Usage);
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
            case RealtimeServerEventConversationItemDeleted:
                _playback.OnItemEdited();
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
