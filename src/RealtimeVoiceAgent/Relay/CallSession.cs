using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// One call: joins a caller transport, an agent and a model session, runs the three loops between them, and ends both
/// sides together. The parts: <see cref="CallerReceiveLoop"/> (caller -> model), <see cref="ModelEventLoop"/>
/// (model -> caller, tools), <see cref="CallerChannel"/> (everything bound for the caller, sent by one loop),
/// <see cref="PlaybackTracker"/> (what the caller heard, and what to cut when it interrupts) and
/// <see cref="ToolSequencer"/>.
/// </summary>
/// <remarks>
/// Backpressure (SignalR WebSocketsTransport shape): the receive loop reads the next caller message only when the model
/// session has taken the previous one; the model loop never waits for the caller: a caller that stops reading fills the
/// bounded channel and the call is closed (<see cref="CallEndReason.SlowConsumer"/>), so server memory per call stays bounded.
/// </remarks>
internal sealed class CallSession
{
    // How long an end the agent asked for waits for a full-duplex model to go quiet: longer than a spoken goodbye.
    private static readonly TimeSpan s_maxQuietWait = TimeSpan.FromSeconds(15);

    private readonly CallerTransport _caller;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly IRelayObserver? _observer;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _modelCts = new();
    private readonly CancellationTokenSource _receiveCts = new();
    private readonly CancellationTokenSource _sendCts = new();
    private readonly ResponseCoordinator _responses;
    private readonly AgentSystemMessages _systemMessages;
    private int _endReason;
    private long _inputTokens;
    private long _outputTokens;
    private VoiceModelSession? _model;
    private volatile bool _ready;
    // A full-duplex model's speech outlasts its response: an end the agent asked for waits until the assistant is quiet.
    private volatile bool _assistantSpeaking;
    private volatile bool _endWhenQuiet;
    private ITimer? _quietTimer;

    public CallSession(string callId, CallerTransport caller, CallRelayOptions options, ILogger logger, TimeProvider timeProvider, VoiceAgentTelemetry? telemetry, IRelayObserver? observer)
    {
        CallId = callId;
        _caller = caller;
        Options = options;
        Logger = logger;
        TimeProvider = timeProvider;
        _telemetry = telemetry;
        _observer = observer;
        ModelFormat = ModelAudioFormat.For(caller.InputFormat, caller.OutputFormat, options.G711Passthrough);
        Channel = new CallerChannel(caller.OutputFormat, ModelFormat.Format, options.MaxOutboundBufferBytes, timeProvider, observer?.OutboundLatency, OnCallerNotReading);
        _responses = new ResponseCoordinator(EndCompleted);
        _systemMessages = new AgentSystemMessages(this, _responses, _modelCts.Token);
    }

    public string CallId { get; }

    public CallRelayOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The model session's audio format: the caller's G.711 passed through, or PCM16 at 24 kHz.</summary>
    public ModelAudioFormat ModelFormat { get; }

    /// <summary>Everything bound for the caller.</summary>
    public CallerChannel Channel { get; }

    /// <summary>Why the call ended (<see cref="CallEndReason.None"/> while it runs).</summary>
    public CallEndReason EndReason => (CallEndReason)Volatile.Read(ref _endReason);

    /// <summary>The model session once connected (null before, and after the call ended).</summary>
    public VoiceModelSession? Model => Volatile.Read(ref _model);

    /// <summary>Whether the model is configured and the caller was told <c>ready</c>: caller audio goes to the model only then.</summary>
    public bool IsReady => _ready;

    /// <summary>The caller-bound bytes waiting for the caller now.</summary>
    public long OutboundBufferedBytes => Channel.BufferedBytes;

    /// <summary>The most caller-bound bytes that were ever waiting for the caller at once.</summary>
    public long PeakOutboundBufferedBytes => Channel.PeakBufferedBytes;

    /// <summary>Sends the caller an event (agents, through <see cref="CallContext.SendEvent"/>).</summary>
    public void SendEvent(CallerEvent callerEvent) => Channel.Send(callerEvent);

    /// <summary>Runs the call to its end. Never throws for caller, model or agent failures; the result says why it ended.</summary>
    public async Task<CallEndReason> RunAsync(VoiceModelClient modelClient, VoiceAgent agent, string agentName, ToolRegistry tools, CancellationToken cancellationToken)
    {
        using var scope = Logger.BeginScope(new CallLogScope(CallId));
        using var activity = VoiceAgentTelemetry.ActivitySource.HasListeners() ? StartCallActivity() : null;
        var startedAt = TimeProvider.GetTimestamp();
        var startedAtUtc = TimeProvider.GetUtcNow();
        RelayLog.CallStarted(Logger, _caller.Kind, _caller.InputFormat, _caller.OutputFormat, ModelFormat.WireFormat.Value, agentName);
        _telemetry?.CallStarted(this);
        _observer?.OnCallStarted(this);
        var hooks = new AgentHooks(agent, Logger);
        var configuration = ModelEventLoop.CreateSessionConfiguration(agent, tools, ModelFormat);
        var playback = new PlaybackTracker(ModelFormat, configuration.TurnDetection is { IsDisabled: false } turn && turn.InterruptResponse != false, TimeProvider, Logger);
        using var typed = new CallerTextInput(this, _responses, hooks);
        var receive = new CallerReceiveLoop(this, _caller, playback, typed, hooks, _observer);
        var tooling = new ToolSequencer(tools, hooks, _responses, Logger, EndForModelSideFailure);
        var model = new ModelEventLoop(this, modelClient, configuration, agent.Greeting, hooks, tooling, playback, _responses, typed, _systemMessages);
        using (cancellationToken.Register(static s => ((CallSession)s!).End(CallEndReason.ServerShutdown), this))
        using (TimeProvider.CreateTimer(static s => ((CallSession)s!).End(CallEndReason.CallTimeLimit), this, Options.MaxCallDuration, Timeout.InfiniteTimeSpan))
        {
            // The call's limits already run while the agent's start hook does.
            await hooks.CallStartedAsync(_modelCts.Token).ConfigureAwait(false);
            var sendLoop = RunSendLoopAsync();
            var receiveLoop = receive.RunAsync(_receiveCts.Token);
            var modelLoop = model.RunAsync(_modelCts.Token);

            await _ended.Task.ConfigureAwait(false);
            try
            {
                await ShutdownAsync(sendLoop, receiveLoop, modelLoop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Shutting down must release the call whatever happened; drop the caller's connection.
                RelayLog.RelayFailed(Logger, ex);
                _caller.Abort();
            }
            finally
            {
                receive.Dispose();
            }
        }

        var summary = CreateSummary(startedAtUtc, TimeProvider.GetElapsedTime(startedAt));
        await hooks.WhenLinesDelivered.ConfigureAwait(false);
        await _systemMessages.WhenSent.ConfigureAwait(false);
        using (var hookTimeout = new CancellationTokenSource(Options.CloseTimeout, TimeProvider))
        {
            await hooks.CallEndedAsync(summary, hookTimeout.Token).ConfigureAwait(false);
        }

        Finish(activity, TimeProvider.GetElapsedTime(startedAt));
        return EndReason;
    }

    /// <summary>Adds a <c>response.done</c>'s token usage to the call's totals (model loop only).</summary>
    public void AddUsage(RealtimeVoiceAgent.Events.RealtimeUsage? usage)
    {
        if (usage is not null)
        {
            Interlocked.Add(ref _inputTokens, usage.InputTokens);
            Interlocked.Add(ref _outputTokens, usage.OutputTokens);
        }
    }

    /// <summary>Ends the call for <paramref name="reason"/>; the first reason wins.</summary>
    public void End(CallEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, (int)reason, (int)CallEndReason.None) == (int)CallEndReason.None)
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>Keeps the model session connected by the model loop; false when the call ended meanwhile (the caller disposes it).</summary>
    public bool TryAttachModel(VoiceModelSession session) =>
        Interlocked.CompareExchange(ref _model, session, null) is null && EndReason == CallEndReason.None;

    /// <summary>The agent tells the model something (<see cref="CallContext.AddSystemMessage"/>).</summary>
    public void AddSystemMessage(string text, bool respond) => _systemMessages.Add(text, respond);

    /// <summary>The agent asks to end the call (<see cref="CallContext.EndCall"/>): once the response in progress is done.</summary>
    public void RequestEnd()
    {
        if (!_responses.IsEndRequested)
        {
            RelayLog.CallEndRequested(Logger);
        }

        _responses.RequestEnd();
    }

    /// <summary>The model loop reports whether the assistant is speaking (its audio started, or its transcript finished).</summary>
    public void OnAssistantSpeech(bool speaking)
    {
        _assistantSpeaking = speaking;
        if (!speaking && _endWhenQuiet)
        {
            End(CallEndReason.Completed);
        }
    }

    /// <summary>The model is configured: caller audio may flow, and the caller is told <c>ready</c>.</summary>
    public void MarkReady()
    {
        _ready = true;
        Channel.Send(CallerEvent.Ready);
    }

    // Ends the call for a failure of the model loop or a tool run: a dropped or broken model connection is
    // model_disconnected, anything else a fault of the relay.
    public void EndForModelSideFailure(Exception ex)
    {
        if (EndReason != CallEndReason.None)
        {
            // The call already ended (the agent ended it, the caller hung up): a send that fails while it shuts down is expected.
            return;
        }

        if (ex is RealtimeConnectionException)
        {
            RelayLog.ModelDropped(Logger, ex.Message);
            End(CallEndReason.ModelDisconnected);
        }
        else if (EndReason == CallEndReason.None)
        {
            RelayLog.RelayFailed(Logger, ex);
            End(ex is System.Net.WebSockets.WebSocketException or System.IO.IOException or ObjectDisposedException
                ? CallEndReason.ModelDisconnected
                : CallEndReason.InternalError);
        }
    }

    // The end the agent asked for is due (its response is done). A full-duplex model may still be speaking the reply: then
    // the call ends once it is quiet, so the goodbye is heard.
    private void EndCompleted()
    {
        if (Model is { IsFullDuplex: true } && _assistantSpeaking)
        {
            RelayLog.CallEndWaitsForQuiet(Logger);
            _endWhenQuiet = true;
            if (_assistantSpeaking)
            {
                // Bounded: a model that never goes quiet (no silence on its track) must not keep the call open.
                _quietTimer = TimeProvider.CreateTimer(static s => ((CallSession)s!).End(CallEndReason.Completed), this, s_maxQuietWait, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        End(CallEndReason.Completed);
    }

    private void OnCallerNotReading()
    {
        if (EndReason == CallEndReason.None)
        {
            RelayLog.CallerNotReading(Logger, Options.MaxOutboundBufferBytes);
            End(CallEndReason.SlowConsumer);
        }
    }

    // The end is measured on the monotonic clock, so EndedAt - StartedAt is the call's real length.
    private CallSummary CreateSummary(DateTimeOffset startedAt, TimeSpan duration) => new()
    {
        CallId = CallId,
        TransportKind = _caller.Kind,
        StartedAt = startedAt,
        EndedAt = startedAt + duration,
        EndReason = EndReason,
        InputTokens = Interlocked.Read(ref _inputTokens),
        OutputTokens = Interlocked.Read(ref _outputTokens),
    };

    private Activity? StartCallActivity()
    {
        var activity = VoiceAgentTelemetry.ActivitySource.StartActivity(VoiceAgentTelemetry.CallActivityName, ActivityKind.Server);
        activity?.SetTag(VoiceAgentTelemetry.CallIdTag, CallId);
        return activity;
    }

    private void Finish(Activity? activity, TimeSpan duration)
    {
        RelayLog.CallEnded(Logger, EndReason, duration.TotalSeconds, Channel.PeakBufferedBytes);
        var endReason = CallEndReasons.GetTag(EndReason);
        _telemetry?.CallEnded(this, endReason, duration);
        _observer?.OnCallEnded(this);
        if (activity is not null)
        {
            activity.SetTag(VoiceAgentTelemetry.EndReasonTag, endReason);
            if (CallEndReasons.IsFault(EndReason))
            {
                activity.SetStatus(ActivityStatusCode.Error, endReason);
            }
        }
    }

    private async Task RunSendLoopAsync()
    {
        try
        {
            await Channel.RunSendLoopAsync(_caller, _sendCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The caller's connection failed while sending: it is gone.
            RelayLog.CallerSendFailed(Logger, ex.GetType().Name);
            End(CallEndReason.CallerClosed);
        }
    }

    private async Task ShutdownAsync(Task sendLoop, Task receiveLoop, Task modelLoop)
    {
        var reason = EndReason;
        _ready = false;

        // 1. Tell the caller why (when there is something to say) and let the send loop drain, bounded by the close timeout.
        Channel.Complete(CallerEvent.ForEndReason(reason));
        var callerClosed = false;
        if (reason != CallEndReason.SlowConsumer && await CompletesWithinAsync(sendLoop, Options.CloseTimeout).ConfigureAwait(false))
        {
            // 2. Send the close frame; the caller's answering close ends the receive loop.
            try
            {
                using var closeCts = new CancellationTokenSource(Options.CloseTimeout, TimeProvider);
                await _caller.CloseAsync(reason, closeCts.Token).ConfigureAwait(false);
                callerClosed = await CompletesWithinAsync(receiveLoop, Options.CloseTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                RelayLog.CallerCloseFailed(Logger, ex.GetType().Name);
            }
        }

        if (!callerClosed)
        {
            // A caller that does not read cannot take a close frame either: drop the connection.
            _caller.Abort();
        }

        await _sendCts.CancelAsync().ConfigureAwait(false);
        await _receiveCts.CancelAsync().ConfigureAwait(false);

        // 3. Close the model side (the session's own close is bounded by its close timeout).
        await _modelCts.CancelAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _model, null) is { } session)
        {
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                RelayLog.ModelCloseFailed(Logger, ex.GetType().Name);
            }
        }

        // 4. Wait for every loop (the model loop waits for running tools), then return pooled memory.
        await Task.WhenAll(sendLoop, receiveLoop, modelLoop).ConfigureAwait(false);
        Channel.Dispose();
        _quietTimer?.Dispose();
        _modelCts.Dispose();
        _receiveCts.Dispose();
        _sendCts.Dispose();
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, TimeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
