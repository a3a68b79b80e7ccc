using System;

namespace RealtimeVoiceAgent;

/// <summary>Base exception of the SDK; <see cref="RealtimeConnectionException"/> is the one a caller handles differently (the connection failed or dropped). The service's own <c>error</c> events are not exceptions: they arrive as <see cref="Events.RealtimeServerEventError"/>.</summary>
public class RealtimeVoiceAgentException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and what to change.</param>
    public RealtimeVoiceAgentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong and what to change.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RealtimeVoiceAgentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
