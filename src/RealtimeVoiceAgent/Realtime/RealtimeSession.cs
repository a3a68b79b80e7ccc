using System;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>An open Realtime session: send client events with the <c>…Async</c> methods and read server events with <see cref="ReceiveEventsAsync"/>.</summary>
/// <remarks>
/// <para>Sends may come from several threads at once. A send that finds the socket idle writes its event straight to the
/// socket; a send that finds another one in flight serialises its event into an internal pipe under a short lock and
/// returns, and one send loop drains the pipe. Either way each event is one WebSocket message, in call order.</para>
/// <para>Events are read by a single consumer of <see cref="ReceiveEventsAsync"/>. Nothing reads the socket while no one
/// enumerates, so keep one receive loop running for the session's lifetime.</para>
/// <para>When the connection drops, the enumeration throws <see cref="RealtimeConnectionException"/> and every later send throws it too.</para>
/// </remarks>
public sealed partial class RealtimeSession : VoiceModelSession
{
    private readonly WebSocket _socket;
    private readonly TimeSpan _closeTimeout;
    private readonly ILogger _logger;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly long _openedAt;
    private readonly RealtimeEventSender _sender;
    private readonly RealtimeEventReceiver _receiver;
    private readonly Lock _disposeLock = new();
    private Task? _disposeTask;

    internal RealtimeSession(WebSocket socket, TimeSpan closeTimeout, ILogger logger, VoiceAgentTelemetry? telemetry = null)
    {
        _socket = socket;
        _closeTimeout = closeTimeout;
        _logger = logger;
        _telemetry = telemetry;
        _openedAt = Stopwatch.GetTimestamp();
        telemetry?.SessionOpened();

        // The sender also holds the connection's end state: the receiver reports a drop to it, so later sends throw it.
        _sender = new RealtimeEventSender(socket, logger);
        _receiver = new RealtimeEventReceiver(socket, closeTimeout, logger, _sender);
    }

    /// <summary>Closes the session: flushes queued events, sends a close frame within the client's close timeout, then aborts if needed.</summary>
    /// <returns>A task that completes when the socket is closed. Idempotent: later calls return the same task.</returns>
    public override ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            if (_disposeTask is null)
            {
                // 1. No more sends: the send loop drains what is queued, then ends.
                _sender.BeginClose();
                _disposeTask = DisposeCoreAsync();
            }

            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout);
        try
        {
            // 2. Let queued events and a direct send in flight go out, 3. send the close frame, 4. wait for the server's
            // close frame, read by a consumer blocked in a read or else by the receiver here.
            await _sender.CloseOutputAsync(timeout.Token).ConfigureAwait(false);
            await _receiver.DrainUntilClosedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RealtimeSessionLog.CloseTimedOut(_logger, _closeTimeout);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket was already broken or closed; nothing left to close politely.
            RealtimeSessionLog.CloseFailed(_logger, ex.Message);
        }
        finally
        {
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }

            _socket.Dispose();
            _sender.Dispose();
            RealtimeSessionLog.Closed(_logger);
            _telemetry?.SessionClosed(Stopwatch.GetElapsedTime(_openedAt));
        }
    }
}
