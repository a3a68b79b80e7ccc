using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// One call: relays the caller's audio to a model session and the model's events back to the caller, runs the
/// agent's tools, and ends both sides together.
/// </summary>
/// <remarks>
/// Three loops run per call (SignalR WebSocketsTransport shape): the caller receive loop (caller -> model), the
/// model loop (model -> outbox) and the outbox send loop (outbox -> caller). Backpressure: the receive loop reads
/// the next caller message only when the model session has taken the previous one; the model loop never waits
/// for the caller: a caller that stops reading fills the bounded outbox and the call is closed
/// (<see cref="CallEndReason.SlowConsumer"/>), so server memory per call stays bounded.
/// </remarks>
internal sealed partial class CallSession
{
    private readonly ICallerTransport _caller;
    private readonly RealtimeClient _client;
    private readonly ICallAgent _agent;
    private readonly CallerProtocolOptions _protocol;
    private readonly CallSessionSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RelayLatencyHistogram? _inboundLatency;
    private readonly RelayLatencyHistogram? _modelSendDuration;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly CallerOutbox _outbox;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _modelCts = new();
    private readonly CancellationTokenSource _receiveCts = new();
    private readonly CancellationTokenSource _sendCts = new();
    private int _endReason;
    private RealtimeSession? _session;
    private volatile bool _ready;

    public CallSession(
        string callId,
        ICallerTransport caller,
        RealtimeClient client,
        ICallAgent agent,
        CallerProtocolOptions protocol,
        CallSessionSettings settings,
        ILogger logger,
        TimeProvider? timeProvider = null,
        RelayLatencyHistogram? inboundLatency = null,
        RelayLatencyHistogram? outboundLatency = null,
        RelayLatencyHistogram? modelSendDuration = null,
        VoiceAgentTelemetry? telemetry = null)
    {
        CallId = callId;
        _caller = caller;
        _client = client;
        _agent = agent;
        _protocol = protocol;
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _inboundLatency = inboundLatency;
        _modelSendDuration = modelSendDuration;
        _telemetry = telemetry;
        _outbox = new CallerOutbox(settings.MaxOutboundBufferBytes, _timeProvider, outboundLatency);
        _messageWriter = new CallerMessageWriter();
        _floodGuard = new AudioFloodGuard(settings.AudioBurst, _timeProvider);
        _turnDetectionInterrupts = agent.SessionConfiguration.TurnDetection is { IsDisabled: false } turn && turn.InterruptResponse != false;
        if (protocol.BinaryAudio && protocol.InputRate != CallerProtocolOptions.ModelSampleRate)
        {
            _inputResampler = new Pcm16Resampler(protocol.InputRate, CallerProtocolOptions.ModelSampleRate);
        }

        if (protocol.BinaryAudio && protocol.OutputRate != CallerProtocolOptions.ModelSampleRate)
        {
            _outputResampler = new Pcm16Resampler(CallerProtocolOptions.ModelSampleRate, protocol.OutputRate);
        }
    }

    /// <summary>The call's id (log scope, contact source).</summary>
    public string CallId { get; }

    /// <summary>Why the call ended (<see cref="CallEndReason.None"/> while it runs).</summary>
    public CallEndReason EndReason => (CallEndReason)Volatile.Read(ref _endReason);

    /// <summary>The most caller-bound bytes that were ever waiting for the caller at once.</summary>
    public long PeakOutboundBufferedBytes => _outbox.PeakBufferedBytes;

    /// <summary>The caller-bound bytes waiting for the caller now.</summary>
    public long OutboundBufferedBytes => _outbox.BufferedBytes;

    /// <summary>Runs the call to its end. Never throws for caller or model failures; <see cref="EndReason"/> says why it ended.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new CallLogScope(CallId));
        using var activity = VoiceAgentTelemetry.ActivitySource.HasListeners() ? StartCallActivity() : null;
        var startedAt = _timeProvider.GetTimestamp();
        Log.CallStarted(_logger, _protocol.BinaryAudio, _protocol.InputRate, _protocol.OutputRate);
        _telemetry?.CallStarted(this);
        using var abortRegistration = cancellationToken.Register(static s => ((CallSession)s!).End(CallEndReason.ServerShutdown), this);
        using var callTimer = _timeProvider.CreateTimer(static s => ((CallSession)s!).End(CallEndReason.CallTimeLimit), this, _settings.MaxCallDuration, Timeout.InfiniteTimeSpan);
        _idleTimer = _timeProvider.CreateTimer(static s => ((CallSession)s!).End(CallEndReason.IdleTimeout), this, _settings.IdleTimeout, Timeout.InfiniteTimeSpan);

        var sendLoop = RunSendLoopAsync();
        var receiveLoop = RunReceiveLoopAsync();
        var modelLoop = RunModelAsync();

        await _ended.Task.ConfigureAwait(false);
        try
        {
            await ShutdownAsync(sendLoop, receiveLoop, modelLoop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Shutting down must release the call whatever happened; drop both connections.
            Log.RelayFailed(_logger, ex);
            _caller.Abort();
        }

        var duration = _timeProvider.GetElapsedTime(startedAt);
        Log.CallEnded(_logger, EndReason, duration.TotalSeconds, _outbox.PeakBufferedBytes);
        var endReason = CallEndReasons.GetErrorCode(EndReason) ?? CallEndReasons.CallerClosedCode;
        _telemetry?.CallEnded(this, endReason, duration);
        if (activity is not null)
        {
            activity.SetTag(VoiceAgentTelemetry.EndReasonTag, endReason);
            if (CallEndReasons.IsFault(EndReason))
            {
                activity.SetStatus(ActivityStatusCode.Error, endReason);
            }
        }
    }

    private Activity? StartCallActivity()
    {
        var activity = VoiceAgentTelemetry.ActivitySource.StartActivity(VoiceAgentTelemetry.CallActivityName, ActivityKind.Server);
        activity?.SetTag(VoiceAgentTelemetry.CallIdTag, CallId);
        return activity;
    }

    /// <summary>Ends the call for <paramref name="reason"/>; the first reason wins.</summary>
    public void End(CallEndReason reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, (int)reason, (int)CallEndReason.None) == (int)CallEndReason.None)
        {
            _ended.TrySetResult();
        }
    }

    private async Task RunSendLoopAsync()
    {
        try
        {
            await _outbox.RunSendLoopAsync(_caller, _sendCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The caller's connection failed while sending: it is gone.
            Log.CallerSendFailed(_logger, ex.GetType().Name);
            End(CallEndReason.CallerClosed);
        }
    }

    private async Task ShutdownAsync(Task sendLoop, Task receiveLoop, Task modelLoop)
    {
        var reason = EndReason;
        _ready = false;
        _idleTimer?.Dispose();

        // 1. Tell the caller why (when there is something to say) and let the send loop drain, bounded by the close timeout.
        var errorCode = reason is CallEndReason.CallerClosed ? null : CallEndReasons.GetErrorCode(reason);
        lock (_outboxLock)
        {
            if (errorCode is not null && !_outbox.IsStopped)
            {
                WriteErrorLocked(errorCode, CallEndReasons.GetMessage(reason));
            }

            _outboxClosed = true;
            _outbox.Complete();
        }

        var callerClosed = false;
        if (reason != CallEndReason.SlowConsumer && await CompletesWithinAsync(sendLoop, _settings.CloseTimeout).ConfigureAwait(false))
        {
            // 2. Send the close frame; the caller's answering close ends the receive loop.
            try
            {
                using var closeCts = new CancellationTokenSource(_settings.CloseTimeout, _timeProvider);
                await _caller.CloseAsync(reason, closeCts.Token).ConfigureAwait(false);
                callerClosed = await CompletesWithinAsync(receiveLoop, _settings.CloseTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.CallerCloseFailed(_logger, ex.GetType().Name);
            }
        }

        if (!callerClosed)
        {
            // A caller that does not read cannot take a close frame either: drop the connection.
            _caller.Abort();
        }

        await _sendCts.CancelAsync().ConfigureAwait(false);
        await _receiveCts.CancelAsync().ConfigureAwait(false);

        // 3. Close the model side (the session's own close is bounded by its CloseTimeout).
        await _modelCts.CancelAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ModelCloseFailed(_logger, ex.GetType().Name);
            }
        }

        // 4. Wait for every loop, then return pooled memory.
        await Task.WhenAll(sendLoop, receiveLoop, modelLoop).ConfigureAwait(false);
        _outbox.Release();
        ReleaseReceiveBuffers();
        _messageWriter.Dispose();
        _modelCts.Dispose();
        _receiveCts.Dispose();
        _sendCts.Dispose();
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
