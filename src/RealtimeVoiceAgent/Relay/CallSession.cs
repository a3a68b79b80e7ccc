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
/// <see cref="ToolSequencer"/>. The <see cref="ConversationLog"/> keeps what was said and done, so that the model loop can
/// replace a dropped model session and replay the conversation into the new one
/// (<see cref="CallRelayOptions.ModelReconnectTimeout"/>).
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
    // Serialises "log an item and send it to the live session" with "replay the log into a new session and make it live",
    // so that no item falls between the two: it is either in the replay or sent to the new session.
    private readonly SemaphoreSlim _itemGate = new(1, 1);
    private readonly Lock _modelLock = new();
    private TaskCompletionSource<VoiceModelSession> _modelReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Cancelled when a send finds the current model session broken: the model loop stops reading it and reconnects.
    private CancellationTokenSource? _modelDropSignal;
    private VoiceModelSession? _watchedModel;
    private VoiceModelSession? _live;
    private int _endReason;
    private CallMetrics? _metrics;
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

    /// <summary>Whether the model is configured and the caller was told <c>ready</c>: caller audio goes to the model only then (not while it reconnects).</summary>
    public bool IsReady => _ready;

    /// <summary>The model session items and response requests go to: set once it is configured (and the conversation replayed); null before and while reconnecting.</summary>
    public VoiceModelSession? LiveModel => Volatile.Read(ref _live);

    /// <summary>What was said and done so far, for the replay after a reconnect.</summary>
    public ConversationLog Conversation { get; } = new();

    /// <summary>Whether a dropped model connection is replaced (<see cref="CallRelayOptions.ModelReconnectTimeout"/> above zero).</summary>
    public bool ReconnectsModel => Options.ModelReconnectTimeout > TimeSpan.Zero;

    /// <summary>The caller-bound bytes waiting for the caller now.</summary>
    public long OutboundBufferedBytes => Channel.BufferedBytes;

    /// <summary>The most caller-bound bytes that were ever waiting for the caller at once.</summary>
    public long PeakOutboundBufferedBytes => Channel.PeakBufferedBytes;

    /// <summary>What the call measures from the model's events (set when the call starts running).</summary>
    public CallMetrics Metrics => _metrics!;

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
        _metrics = new CallMetrics(_telemetry, modelClient, TimeProvider);
        _telemetry?.CallStarted(this);
        _observer?.OnCallStarted(this);
        var hooks = new AgentHooks(agent, Logger);
        var configuration = ModelEventLoop.CreateSessionConfiguration(agent, tools, ModelFormat);
        var playback = new PlaybackTracker(ModelFormat, configuration.TurnDetection is { IsDisabled: false } turn && turn.InterruptResponse != false, TimeProvider, Logger);
        using var typed = new CallerTextInput(this, _responses, hooks);
        var receive = new CallerReceiveLoop(this, _caller, playback, typed, hooks, _observer);
        var tooling = new ToolSequencer(tools, hooks, _responses, this);
        var model = new ModelEventLoop(this, modelClient, configuration, agent.Greeting, hooks, tooling, playback, _responses, typed);
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

        var summary = CreateSummary(startedAtUtc, TimeProvider.GetElapsedTime(startedAt), playback.BargeIns);
        await hooks.WhenLinesDelivered.ConfigureAwait(false);
        await _systemMessages.WhenSent.ConfigureAwait(false);
        using (var hookTimeout = new CancellationTokenSource(Options.CloseTimeout, TimeProvider))
        {
            await hooks.CallEndedAsync(summary, hookTimeout.Token).ConfigureAwait(false);
        }

        Finish(activity, TimeProvider.GetElapsedTime(startedAt), summary);
        return EndReason;
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

    /// <summary>The model is configured (and, after a reconnect, the conversation replayed): caller audio may flow, and the caller is told <c>ready</c>.</summary>
    public void MarkReady(VoiceModelSession session)
    {
        _ready = true;
        lock (_modelLock)
        {
            _modelReady.TrySetResult(session);
        }

        Channel.Send(CallerEvent.Ready);
    }

    /// <summary>Completes with the model session once it is ready (at once while it is; again after a reconnect).</summary>
    public Task<VoiceModelSession> WhenModelReadyAsync()
    {
        lock (_modelLock)
        {
            return _modelReady.Task;
        }
    }

    /// <summary>The session the model loop reads now and the signal that makes it give the session up (nulls between sessions).</summary>
    public void WatchModelSession(VoiceModelSession? session, CancellationTokenSource? dropSignal)
    {
        lock (_modelLock)
        {
            _watchedModel = session;
            _modelDropSignal = dropSignal;
        }
    }

    /// <summary>The model loop gives the session it reads up (the service said it expired): it reconnects.</summary>
    public void GiveUpModelSession()
    {
        lock (_modelLock)
        {
            CancelDropSignalLocked();
        }
    }

    /// <summary>
    /// The model session dropped (model loop): caller audio stops (it is dropped until <c>ready</c>), items are only logged,
    /// response requests wait, and the caller is told <c>reconnecting</c> when <paramref name="tellCaller"/>. Returns
    /// whether the model loop owns <paramref name="dropped"/> now (false: the call is ending and its shutdown disposes it).
    /// </summary>
    public bool BeginReconnect(VoiceModelSession dropped, bool tellCaller)
    {
        _ready = false;
        Volatile.Write(ref _live, null);
        lock (_modelLock)
        {
            if (_modelReady.Task.IsCompleted)
            {
                _modelReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (tellCaller)
        {
            Channel.Send(CallerEvent.Reconnecting);
        }

        return Interlocked.CompareExchange(ref _model, null, dropped) == dropped && EndReason == CallEndReason.None;
    }

    /// <summary>
    /// Adds an item the relay puts into the model's conversation (typed input, a system message, a tool's output) to the
    /// conversation log, and sends it to the live model session. While the relay reconnects it is only logged: the replay
    /// sends it. When the session turns out broken it is logged all the same and the model loop is told to reconnect
    /// (without reconnecting, the failure is thrown as before).
    /// </summary>
    /// <exception cref="NotSupportedException">The model takes no such item; it is not logged.</exception>
    public async ValueTask AddItemAsync(ConversationItem item, CancellationToken ct)
    {
        await _itemGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (LiveModel is { } session)
            {
                try
                {
                    await SendItemAsync(session, item, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ReconnectsModel && IsModelConnectionFailure(ex) && !ct.IsCancellationRequested)
                {
                    Conversation.Add(item);
                    OnModelSendFailed(ex, session);
                    return;
                }
            }

            Conversation.Add(item);
        }
        finally
        {
            _itemGate.Release();
        }
    }

    /// <summary>
    /// Replays the conversation log into <paramref name="session"/> (configured, after a reconnect; empty on the first
    /// session) and makes it the live session. Returns how many items were replayed; an item the model does not take
    /// (<see cref="NotSupportedException"/>) is left out.
    /// </summary>
    public async ValueTask<int> ReplayAndGoLiveAsync(VoiceModelSession session, CancellationToken ct)
    {
        await _itemGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var replayed = 0;
            foreach (var item in Conversation.GetReplay())
            {
                try
                {
                    await SendItemAsync(session, item, ct).ConfigureAwait(false);
                    replayed++;
                }
                catch (NotSupportedException)
                {
                    RelayLog.ReplayItemNotSupported(Logger, item.Kind.ToString());
                }
            }

            Volatile.Write(ref _live, session);
            return replayed;
        }
        finally
        {
            _itemGate.Release();
        }
    }

    /// <summary>
    /// A send to <paramref name="session"/> failed (a tool's output, a system message, typed input, caller audio): with
    /// reconnecting on and a broken connection, the model loop is told to give that session up and reconnect (nothing
    /// happens when it already replaced it, or when the session is not known); otherwise the call ends as
    /// <see cref="EndForModelSideFailure"/> says.
    /// </summary>
    public void OnModelSendFailed(Exception ex, VoiceModelSession? session)
    {
        if (EndReason != CallEndReason.None)
        {
            return;
        }

        if (ReconnectsModel && IsModelConnectionFailure(ex))
        {
            RelayLog.ModelSendFailed(Logger, ex.GetType().Name);
            lock (_modelLock)
            {
                if (session is not null && ReferenceEquals(session, _watchedModel))
                {
                    CancelDropSignalLocked();
                }
            }

            return;
        }

        EndForModelSideFailure(ex);
    }

    private void CancelDropSignalLocked()
    {
        try
        {
            _modelDropSignal?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The model loop already moved on from that session.
        }
    }

    /// <summary>
    /// Whether <paramref name="ex"/> means the model connection is gone (dropped, closed, or disposed under the sender).
    /// Callers rule out their own cancellation first: a send on a socket aborted under it may throw
    /// <see cref="OperationCanceledException"/> too.
    /// </summary>
    public static bool IsModelConnectionFailure(Exception ex) =>
        ex is RealtimeConnectionException or System.Net.WebSockets.WebSocketException or System.IO.IOException or ObjectDisposedException or OperationCanceledException;

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

    private static ValueTask SendItemAsync(VoiceModelSession session, ConversationItem item, CancellationToken ct) => item.Kind switch
    {
        ConversationItemKind.UserText => session.AddUserTextAsync(item.Text, ct),
        ConversationItemKind.AssistantText => session.AddAssistantTextAsync(item.Text, ct),
        ConversationItemKind.SystemText => session.AddSystemMessageAsync(item.Text, ct),
        ConversationItemKind.FunctionCall => session.AddFunctionCallAsync(item.CallId!, item.Name!, item.Text, ct),
        _ => session.SendFunctionCallOutputAsync(item.CallId!, item.Text, ct),
    };

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
    private CallSummary CreateSummary(DateTimeOffset startedAt, TimeSpan duration, int bargeIns) => new()
    {
        CallId = CallId,
        TransportKind = _caller.Kind,
        StartedAt = startedAt,
        EndedAt = startedAt + duration,
        EndReason = EndReason,
        InputTokens = Metrics.InputTokens,
        OutputTokens = Metrics.OutputTokens,
        BargeIns = bargeIns,
        CostUsd = Metrics.CostAt(Options.TokenPrices),
    };

    private Activity? StartCallActivity()
    {
        var activity = VoiceAgentTelemetry.ActivitySource.StartActivity(VoiceAgentTelemetry.CallActivityName, ActivityKind.Server);
        activity?.SetTag(VoiceAgentTelemetry.CallIdTag, CallId);
        return activity;
    }

    private void Finish(Activity? activity, TimeSpan duration, CallSummary summary)
    {
        RelayLog.CallEnded(Logger, EndReason, duration.TotalSeconds, Channel.PeakBufferedBytes);
        var endReason = CallEndReasons.GetTag(EndReason);
        _telemetry?.CallEnded(this, endReason, duration);
        Metrics.OnCallEnded(summary.BargeIns, summary.CostUsd);
        _observer?.OnCallEnded(this);
        if (activity is not null)
        {
            activity.SetTag(VoiceAgentTelemetry.EndReasonTag, endReason);
            activity.SetTag(VoiceAgentTelemetry.InputTokensTag, summary.InputTokens);
            activity.SetTag(VoiceAgentTelemetry.OutputTokensTag, summary.OutputTokens);
            activity.SetTag(VoiceAgentTelemetry.BargeInsTag, summary.BargeIns);
            if (summary.CostUsd is { } cost)
            {
                activity.SetTag(VoiceAgentTelemetry.CostTag, (double)cost);
            }
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
        Volatile.Write(ref _live, null);

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
