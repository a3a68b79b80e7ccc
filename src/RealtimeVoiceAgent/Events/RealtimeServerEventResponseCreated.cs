namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.created</c>: The model started a response.</summary>
public sealed class RealtimeServerEventResponseCreated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.created";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseCreated()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The response (status <c>in_progress</c>).</summary>
    public RealtimeResponse Response { get; init; } = new RealtimeResponse();
}
