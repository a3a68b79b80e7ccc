using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>Adapts an accepted ASP.NET Core <see cref="WebSocket"/> to the relay's caller transport.</summary>
internal sealed class WebSocketCallerTransport : ICallerTransport
{
    private const int ReceiveChunkBytes = 8 * 1024;
    private readonly WebSocket _socket;

    public WebSocketCallerTransport(WebSocket socket) => _socket = socket;

    // Pooled: a receive that waits for the caller would otherwise allocate its state machine once per message.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<CallerMessageKind> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken)
    {
        // Do a 0 byte read so that an idle call does not hold a receive buffer while it waits (SignalR WebSocketsTransport).
        var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (peek.MessageType == WebSocketMessageType.Close)
        {
            return CallerMessageKind.Closed;
        }

        var total = 0;
        while (true)
        {
            // Ask for one byte more than the limit allows, so an oversize message is detected without reading it all.
            var room = Math.Min(ReceiveChunkBytes, maxMessageBytes + 1 - total);
            var memory = destination.GetMemory(room)[..room];
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return CallerMessageKind.Closed;
            }

            destination.Advance(result.Count);
            total += result.Count;
            if (total > maxMessageBytes)
            {
                return CallerMessageKind.TooLarge;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Binary ? CallerMessageKind.Binary : CallerMessageKind.Text;
            }
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CallerMessageKind kind, CancellationToken cancellationToken) =>
        _socket.SendAsync(
            message,
            kind == CallerMessageKind.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text,
            endOfMessage: true,
            cancellationToken);

    public async Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        // The close description is limited to 123 bytes; the error code is short and machine-readable.
        var description = CallEndReasons.GetErrorCode(reason) ?? "call ended";
        await _socket.CloseOutputAsync(CallEndReasons.GetCloseStatus(reason), description, cancellationToken).ConfigureAwait(false);
    }

    public void Abort() => _socket.Abort();
}
