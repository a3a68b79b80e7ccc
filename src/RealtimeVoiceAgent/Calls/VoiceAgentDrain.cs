using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// A graceful shutdown of every call the <see cref="CallRelay"/> runs, whatever its transport: once
/// <see cref="DrainAsync"/> starts, new calls are refused (<see cref="CallEndReason.ServerDraining"/>: <c>error</c>
/// <c>server_draining</c>, close 1013 on the browser WebSocket), active calls are told <c>call_ending</c> through their
/// own caller channel and go on until they end or the drain timeout passes, when they end as
/// <see cref="CallEndReason.ServerShutdown"/>.
/// </summary>
/// <remarks>
/// Register it with <c>services.AddSingleton&lt;VoiceAgentDrain&gt;()</c>; the relay admits and releases calls through
/// it. Call <see cref="DrainAsync"/> while the server still accepts requests (an
/// <c>IHostedLifecycleService.StoppingAsync</c>), so new callers and readiness probes get an answer. A transport passes
/// <see cref="CallsMustEnd"/> to <see cref="CallRelay.RunAsync"/> instead of the application's stopping token, so calls
/// outlive the start of the shutdown; without a drain, calls end when the application starts stopping.
/// </remarks>
public sealed class VoiceAgentDrain
{
    private readonly ConcurrentDictionary<CallSession, byte> _calls = new();
    private readonly CancellationTokenSource _callsMustEnd = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _draining;

    /// <summary>Whether the drain started: readiness should fail and new calls are refused.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>The calls running now.</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>Cancelled when the drain timeout passes: the calls still running end (<c>server_shutdown</c>). Transports pass it to <see cref="CallRelay.RunAsync"/>.</summary>
    public CancellationToken CallsMustEnd => _callsMustEnd.Token;

    /// <summary>Starts the drain and completes when every call ended, or when the timeout passed and the remaining calls were closed.</summary>
    /// <param name="timeout">How long active calls may go on.</param>
    /// <param name="cancellationToken">Stops waiting (the host's own shutdown deadline); calls still running are then ended.</param>
    /// <returns>A task that completes when no call is left.</returns>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // A full fence: a call admitted at this moment is either in the loop below or sees the flag (TryAdmit).
        Interlocked.Exchange(ref _draining, 1);
        var notice = CallEndingNotice(timeout);
        foreach (var call in _calls.Keys)
        {
            // Queued on the call's own caller channel, behind what it is already sending; a caller that stopped
            // reading does not hold up the others (the relay drops it on its own).
            call.SendEvent(notice);
        }

        CheckIdle();
        try
        {
            await _idle.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Time is up: the calls still running end now, each with its close handshake (bounded by its close timeout).
            await _callsMustEnd.CancelAsync().ConfigureAwait(false);
            try
            {
                await _idle.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's own deadline passed: it stops the server, which drops what is left.
            }
        }
    }

    /// <summary>Registers a call; false when draining (the caller is refused).</summary>
    internal bool TryAdmit(CallSession call)
    {
        _calls.TryAdd(call, 0);
        if (IsDraining)
        {
            // Checked after adding, so a call admitted while the drain starts is either told call_ending or refused.
            Release(call);
            return false;
        }

        return true;
    }

    internal void Release(CallSession call)
    {
        _calls.TryRemove(call, out _);
        CheckIdle();
    }

    private void CheckIdle()
    {
        if (IsDraining && _calls.IsEmpty)
        {
            _idle.TrySetResult();
        }
    }

    // {"type":"call_ending","data":{"reason":"server_draining","withinSeconds":N}}: the caller protocol's notice (docs/client-protocol.md).
    private static CallerEvent CallEndingNotice(TimeSpan timeout)
    {
        var withinSeconds = ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        using var data = JsonDocument.Parse("{\"reason\":\"server_draining\",\"withinSeconds\":" + withinSeconds + "}");
        return CallerEvent.Create(CallerEventType.CallEnding, data.RootElement.Clone());
    }
}
