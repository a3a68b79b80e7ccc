using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The caller's side of one call, as <see cref="CallSession"/> sees it: whole messages in, whole messages out.
/// The ASP.NET Core package adapts a WebSocket to it; tests and the load driver can use any other transport.
/// </summary>
/// <remarks>
/// One receiver and one sender at a time (the session's receive loop and send loop), which is what
/// <see cref="System.Net.WebSockets.WebSocket"/> allows.
/// </remarks>
internal interface ICallerTransport
{
    /// <summary>
    /// Receives one whole message into <paramref name="destination"/>. Stops, without reading the rest, when the
    /// message grows past <paramref name="maxMessageBytes"/> and returns <see cref="CallerMessageKind.TooLarge"/>.
    /// </summary>
    ValueTask<CallerMessageKind> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken);

    /// <summary>Sends one whole message.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CallerMessageKind kind, CancellationToken cancellationToken);

    /// <summary>Closes the caller's connection with a status and a short reason (the close handshake is bounded by the token).</summary>
    Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken);

    /// <summary>Drops the connection at once (used when a close handshake cannot finish).</summary>
    void Abort();
}
