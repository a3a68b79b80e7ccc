using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

// The receive side of a session's socket: reads one WebSocket message per server event for a single consumer, and
// the server's close frame, whether the consumer or the session's close handshake reads it. A drop is reported to the
// sender, so later sends throw the same failure.
internal sealed class RealtimeEventReceiver
{
    private readonly WebSocket _socket;
    private readonly TimeSpan _closeTimeout;
    private readonly ILogger _logger;
    private readonly RealtimeEventSender _sender;
    private readonly Func<IServerMessageParser> _createParser;
    private readonly string _service;
    // Owned by whoever reads the socket: the consumer for one message at a time, or DrainUntilClosedAsync while the
    // session waits for the server's close frame. Uncontended WaitAsync completes synchronously without allocating.
    private readonly SemaphoreSlim _receiveGate = new(1, 1);
    private volatile bool _closeObserved;
    private int _receiving;

    // createParser: the protocol's message parser (Realtime by default); service: the service's name in error messages.
    public RealtimeEventReceiver(WebSocket socket, TimeSpan closeTimeout, ILogger logger, RealtimeEventSender sender, Func<IServerMessageParser>? createParser = null, string service = "Realtime service")
    {
        _createParser = createParser ?? (static () => new ServerEventParser());
        _service = service;
        _socket = socket;
        _closeTimeout = closeTimeout;
        _logger = logger;
        _sender = sender;
    }

    // See RealtimeSession.ReceiveEventsAsync for the contract.
    public async IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _receiving, 1) == 1)
        {
            throw new InvalidOperationException("ReceiveEventsAsync supports a single consumer; another enumeration is already running.");
        }

        // Sized to the audio: holds a 200 ms delta at 24 kHz (12.8 KB of base64) and doubles for anything larger.
        var buffer = new PooledMessageBuffer(16 * 1024);
        var parser = _createParser();
        try
        {
            while (true)
            {
                if (parser.TryTakePending(out RealtimeServerEvent? pending))
                {
                    yield return pending;
                    continue;
                }

                RealtimeServerEvent? next = null;
                bool ended = false;
                RealtimeConnectionException? failure = null;
                await _receiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    buffer.Reset();
                    if (_closeObserved || _socket.State is WebSocketState.Closed or WebSocketState.Aborted)
                    {
                        // The session's close already read the close frame (or the socket is gone): the session is over.
                        ended = true;
                        if (!_sender.IsClosing)
                        {
                            failure = new RealtimeConnectionException($"The {_service} session is closed.", _socket.CloseStatus);
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
                            ended = true;
                            failure = await OnCloseReceivedAsync().ConfigureAwait(false);
                        }
                        else
                        {
                            next = parser.Parse(buffer.WrittenMemory);
                            if (next is RealtimeServerEventUnknown unknown)
                            {
                                RealtimeSessionLog.UnknownEvent(_logger, unknown.Type);
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    ended = true;
                    if (!_sender.IsClosing)
                    {
                        failure = new RealtimeConnectionException($"The connection to the {_service} dropped: {ex.Message}", _socket.CloseStatus, innerException: ex);
                    }
                }
                finally
                {
                    _receiveGate.Release();
                }

                if (failure is not null)
                {
                    _sender.Fail(failure);
                    throw failure;
                }

                if (ended)
                {
                    yield break;
                }

                if (next is not null)
                {
                    // A message that maps to no event (a Live message the relay does not need) is skipped.
                    yield return next;
                }
            }
        }
        finally
        {
            parser.Dispose();
            buffer.Dispose();
            Volatile.Write(ref _receiving, 0);
        }
    }

    // Part of the session's close handshake, after its close frame went out: waits for the server's close frame. A
    // consumer blocked in a read sees it and releases the gate; otherwise it is read (and other messages dropped) here.
    public async Task DrainUntilClosedAsync(CancellationToken cancellationToken)
    {
        await _receiveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] scratch = new byte[1024];
            while (!_closeObserved && _socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(scratch.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closeObserved = true;
                }
            }
        }
        finally
        {
            _receiveGate.Release();
        }
    }

    // Returns null for a normal close (1000, or any close after the session's close started), else the failure to throw.
    private async ValueTask<RealtimeConnectionException?> OnCloseReceivedAsync()
    {
        WebSocketCloseStatus? status = _socket.CloseStatus;
        string? description = _socket.CloseStatusDescription;
        if (_socket.State == WebSocketState.CloseReceived && !_sender.IsClosing)
        {
            try
            {
                // Complete the close handshake; the server is already gone if this fails.
                using var timeout = new CancellationTokenSource(_closeTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                RealtimeSessionLog.CloseFailed(_logger, ex.Message);
            }
        }

        if (_sender.IsClosing || status == WebSocketCloseStatus.NormalClosure)
        {
            return null;
        }

        return new RealtimeConnectionException(
            $"The {_service} closed the session with status {(int?)status} ({status}): {(string.IsNullOrEmpty(description) ? "no reason given" : description)}.",
            status);
    }
}
