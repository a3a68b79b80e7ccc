using System;
using System.Net;
using System.Net.WebSockets;

namespace RealtimeVoiceAgent;

/// <summary>The connection to the Realtime service could not be opened, or it ended abnormally.</summary>
public sealed class RealtimeConnectionException : RealtimeVoiceAgentException
{
    /// <summary>Creates a connection exception.</summary>
    /// <param name="message">What went wrong and what to change.</param>
    /// <param name="closeStatus">The WebSocket close status sent by the server, if the socket was closed.</param>
    /// <param name="handshakeStatusCode">The HTTP status of a rejected handshake, if any.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RealtimeConnectionException(string message, WebSocketCloseStatus? closeStatus = null, HttpStatusCode? handshakeStatusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        CloseStatus = closeStatus;
        HandshakeStatusCode = handshakeStatusCode;
    }

    /// <summary>The WebSocket close status the server sent (e.g. 1001 at the 60-minute cap, 4000 for a rejected protocol), or <see langword="null"/> when the socket dropped without one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The HTTP status code of a rejected WebSocket handshake (401, 403, 404…), or <see langword="null"/>.</summary>
    public HttpStatusCode? HandshakeStatusCode { get; }
}
