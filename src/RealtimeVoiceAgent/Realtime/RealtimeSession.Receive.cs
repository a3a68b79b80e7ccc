using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <content>The receive loop.</content>
public sealed partial class RealtimeSession
{
    /// <summary>Reads server events until the session closes. Single consumer.</summary>
    /// <param name="cancellationToken">Stops the enumeration. Cancelling a pending WebSocket read aborts the connection (a <see cref="ClientWebSocket"/> rule), so cancel only to end the session.</param>
    /// <returns>The events in arrival order. A server <c>error</c> event is yielded as <see cref="RealtimeServerEventError"/> (non-fatal); unknown types as <see cref="RealtimeServerEventUnknown"/>.</returns>
    /// <remarks>
    /// The enumeration completes when the server closes normally or the session is disposed. The
    /// <see cref="RealtimeServerEventResponseOutputAudioDelta"/> instance and its audio are reused: valid only until the next
    /// <c>MoveNextAsync</c>. Messages are reassembled until end of message with no size cap.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Another enumeration is already running.</exception>
    /// <exception cref="RealtimeConnectionException">The socket dropped or the server closed with an error status; the message carries the close status and reason.</exception>
    public override async IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _receiving, 1) == 1)
        {
            throw new InvalidOperationException("ReceiveEventsAsync supports a single consumer; another enumeration is already running.");
        }

        var buffer = new PooledMessageBuffer();
        var parser = new ServerEventParser();
        try
        {
            while (true)
            {
                RealtimeServerEvent? next = null;
                RealtimeConnectionException? failure = null;
                await _receiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    buffer.Reset();
                    if (_closeObserved || _socket.State is WebSocketState.Closed or WebSocketState.Aborted)
                    {
                        // DisposeAsync already read the close frame (or the socket is gone): the session is over.
                        if (!_disposing)
                        {
                            failure = new RealtimeConnectionException("The Realtime session is closed.", _socket.CloseStatus);
                        }
                    }
                    else
                    {
                        // One event is one WebSocket message: accumulate frames until EndOfMessage, without a size cap.
                        ValueWebSocketReceiveResult result;
                        do
                        {
                            result = await _socket.ReceiveAsync(buffer.GetMemory(), cancellationToken).ConfigureAwait(false);
                            buffer.Advance(result.Count);
                        }
                        while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            _closeObserved = true;
                            failure = await OnCloseReceivedAsync().ConfigureAwait(false);
                        }
                        else
                        {
                            next = parser.Parse(buffer.WrittenMemory);
                            if (next is RealtimeServerEventUnknown unknown)
                            {
                                Log.UnknownEvent(_logger, unknown.Type);
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    if (!_disposing)
                    {
                        failure = new RealtimeConnectionException($"The connection to the Realtime service dropped: {ex.Message}", _socket.CloseStatus, innerException: ex);
                    }
                }
                finally
                {
                    _receiveGate.Release();
                }

                if (failure is not null)
                {
                    Fail(failure);
                    throw failure;
                }

                if (next is null)
                {
                    yield break;
                }

                yield return next;
            }
        }
        finally
        {
            parser.Dispose();
            buffer.Dispose();
            Volatile.Write(ref _receiving, 0);
        }
    }

    // Returns null for a normal close (1000, or any close after DisposeAsync started), else the failure to throw.
    private async System.Threading.Tasks.ValueTask<RealtimeConnectionException?> OnCloseReceivedAsync()
    {
        WebSocketCloseStatus? status = _socket.CloseStatus;
        string? description = _socket.CloseStatusDescription;
        if (_socket.State == WebSocketState.CloseReceived && !_disposing)
        {
            try
            {
                // Complete the close handshake; the server is already gone if this fails.
                using var timeout = new CancellationTokenSource(_closeTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                Log.CloseFailed(_logger, ex.Message);
            }
        }

        if (_disposing || status == WebSocketCloseStatus.NormalClosure)
        {
            return null;
        }

        return new RealtimeConnectionException(
            $"The Realtime service closed the session with status {(int?)status} ({status}): {(string.IsNullOrEmpty(description) ? "no reason given" : description)}.",
            status);
    }
}
