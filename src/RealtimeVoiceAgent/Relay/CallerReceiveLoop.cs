using System;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The caller -> model half of a call: reads the caller transport one message at a time, keeps the idle and flood limits,
/// converts audio to the model's format and hands it to the model session; interruptions and playback reports go to the
/// <see cref="PlaybackTracker"/>, typed input to <see cref="CallerTextInput"/>, app messages to the agent. It reads the next message only when the model session took the previous one.
/// </summary>
internal sealed class CallerReceiveLoop : IDisposable
{
    private readonly CallSession _call;
    private readonly CallerTransport _caller;
    private readonly PlaybackTracker _playback;
    private readonly CallerTextInput _typed;
    private readonly AgentHooks _hooks;
    private readonly Action<string> _onUnhandledAppMessage;
    private readonly AudioFloodGuard _floodGuard;
    private readonly InboundAudioConverter _audio;
    private readonly RelayLatencyHistogram? _inboundLatency;
    private readonly RelayLatencyHistogram? _modelSendDuration;

    public CallerReceiveLoop(CallSession call, CallerTransport caller, PlaybackTracker playback, CallerTextInput typed, AgentHooks hooks, IRelayObserver? observer)
    {
        _call = call;
        _hooks = hooks;
        _onUnhandledAppMessage = type =>
        {
            RelayLog.AppMessageUnhandled(call.Logger, type);
            call.Channel.Send(CallerEvent.ForError("bad_message", $"Unknown message type \"{(type.Length <= 40 ? type : type[..40] + "…")}\"."));
        };
        _caller = caller;
        _playback = playback;
        _typed = typed;
        _floodGuard = new AudioFloodGuard(call.Options.AudioBurst, call.TimeProvider);
        _audio = new InboundAudioConverter(caller.InputFormat, call.ModelFormat.Format);
        _inboundLatency = observer?.InboundLatency;
        _modelSendDuration = observer?.ModelSendDuration;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var idleTimeout = _call.Options.IdleTimeout;
        using var idleTimer = _call.TimeProvider.CreateTimer(static s => ((CallSession)s!).End(CallEndReason.IdleTimeout), _call, idleTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var input = await _caller.ReceiveAsync(ct).ConfigureAwait(false);
                var receivedAt = _call.TimeProvider.GetTimestamp();
                switch (input.Kind)
                {
                    case CallerInputKind.Closed:
                        _call.End(CallEndReason.CallerClosed);
                        return;
                    case CallerInputKind.TooLarge:
                        RelayLog.CallerFrameTooLarge(_call.Logger);
                        _call.End(CallEndReason.FrameTooLarge);
                        return;
                }

                idleTimer.Change(idleTimeout, Timeout.InfiniteTimeSpan);
                try
                {
                    if (!await OnInputAsync(input, receivedAt, ct).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (CallSession.IsModelConnectionFailure(ex) && !ct.IsCancellationRequested)
                {
                    // The model connection broke under a send whose session is not known here: the model loop notices
                    // a real drop itself and reconnects (or, without reconnecting, the call ends). The caller's side
                    // goes on either way.
                    _call.OnModelSendFailed(ex, session: null);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is WebSocketException or System.IO.IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller's connection dropped without a close handshake.
            RelayLog.CallerDropped(_call.Logger, ex.GetType().Name);
            _call.End(CallEndReason.CallerClosed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RelayLog.RelayFailed(_call.Logger, ex);
            _call.End(CallEndReason.InternalError);
        }
    }

    public void Dispose() => _audio.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnInputAsync(CallerInput input, long receivedAt, CancellationToken ct)
    {
        switch (input.Kind)
        {
            case CallerInputKind.Audio:
                return await ForwardAudioAsync(input.Audio, receivedAt, ct).ConfigureAwait(false);
            case CallerInputKind.Cancel:
                if (_call.Model is { } session && _call.IsReady)
                {
                    await _playback.InterruptAsync(session, input.ItemId, input.PlayedMs, explicitCancel: true, ct).ConfigureAwait(false);
                }

                return true;
            case CallerInputKind.Playback:
                _playback.OnPlayback(input.ItemId!, input.PlayedMs!.Value);
                return true;
            case CallerInputKind.Text:
                await _typed.OnTextAsync(input.Text!, ct).ConfigureAwait(false);
                return true;
            case CallerInputKind.AppMessage:
                // For the agent; the relay knows nothing of what it means. One the agent does not handle is a message
                // nobody knows, answered as the transport answers an unknown type.
                _hooks.AppMessage(input.AppMessageType!, input.AppMessage!.Value, _onUnhandledAppMessage, ct);
                return true;
            default:
                RelayLog.CallerBadMessage(_call.Logger, input.Error!);
                _call.Channel.Send(CallerEvent.ForError("bad_message", input.Error!));
                return true;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ForwardAudioAsync(ReadOnlyMemory<byte> audio, long receivedAt, CancellationToken ct)
    {
        // The flood check counts the caller's own samples, before conversion.
        if (!_floodGuard.TryConsume(_audio.CountSamples(audio), _caller.InputFormat.SampleRate))
        {
            RelayLog.CallerFlood(_call.Logger, _call.Options.AudioBurst.TotalMilliseconds);
            _call.End(CallEndReason.Flood);
            return false;
        }

        var session = _call.Model;
        if (!_call.IsReady || session is null)
        {
            // The seed's caller starts the microphone after "ready"; audio before it (or while the model reconnects) has
            // nowhere to go and is dropped.
            return true;
        }

        var modelAudio = _audio.Convert(audio);
        if (modelAudio.Length > 0)
        {
            // Relay-internal latency ends where the frame is handed to the model connection, as it does on the way out
            // (CallerChannel records before the caller transport's send). The send itself (framing and the socket write) is
            // measured on its own. The histograms are set only by a load run; without them no timestamp is taken.
            var handedOverAt = (_inboundLatency ?? _modelSendDuration) is null ? 0 : _call.TimeProvider.GetTimestamp();
            _inboundLatency?.Record(_call.TimeProvider.GetElapsedTime(receivedAt, handedOverAt));
            try
            {
                await session.SendAudioAsync(modelAudio, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (CallSession.IsModelConnectionFailure(ex) && !ct.IsCancellationRequested)
            {
                // The model connection broke: this audio is lost; the model loop reconnects (or the call ends).
                _call.OnModelSendFailed(ex, session);
                return true;
            }

            _modelSendDuration?.Record(_call.TimeProvider.GetElapsedTime(handedOverAt));
        }

        return true;
    }
}
