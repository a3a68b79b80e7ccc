namespace RealtimeVoiceAgent.Events;

/// <summary><c>error</c>: A non-fatal error reported by the service; the offending client event was not applied.</summary>
public sealed class RealtimeServerEventError : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "error";

    internal RealtimeServerEventError()
        : base(EventType)
    {
    }

    /// <summary>The error details.</summary>
    public RealtimeErrorDetails Error { get; internal init; } = new RealtimeErrorDetails();
}
