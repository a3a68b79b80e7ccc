using System;

namespace RealtimeVoiceAgent;

/// <summary>Base exception of the SDK. Carries the service's error code and the client event id it refers to, when known.</summary>
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

    /// <summary>Creates an exception carrying a service error code.</summary>
    /// <param name="message">What went wrong and what to change.</param>
    /// <param name="errorCode">The service's error code (e.g. <c>session_expired</c>), if any.</param>
    /// <param name="eventId">The client <c>event_id</c> the error refers to, if any.</param>
    /// <param name="innerException">The underlying failure.</param>
    public RealtimeVoiceAgentException(string message, string? errorCode, string? eventId, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        EventId = eventId;
    }

    /// <summary>The service's error code (e.g. <c>invalid_value</c>), or <see langword="null"/>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The client <c>event_id</c> the error refers to, or <see langword="null"/>.</summary>
    public string? EventId { get; }
}
