namespace RealtimeVoiceAgent.Events;

/// <summary>The <c>error</c> object of an <c>error</c> event or a failed transcription.</summary>
public sealed class RealtimeErrorDetails
{
    internal RealtimeErrorDetails()
    {
    }

    /// <summary>The error type, e.g. <c>invalid_request_error</c> or <c>server_error</c>.</summary>
    public string? Type { get; internal init; }

    /// <summary>The error code, e.g. <c>unknown_parameter</c>, or <see langword="null"/>.</summary>
    public string? Code { get; internal init; }

    /// <summary>A human-readable message.</summary>
    public string? Message { get; internal init; }

    /// <summary>The parameter the error refers to, e.g. <c>session.type</c>, or <see langword="null"/>.</summary>
    public string? Param { get; internal init; }

    /// <summary>The client <c>event_id</c> that caused the error, or <see langword="null"/>.</summary>
    public string? EventId { get; internal init; }
}
