namespace RealtimeVoiceAgent.Events;

/// <summary>An event received from the Realtime service. Pattern-match on the sealed <c>RealtimeServerEvent…</c> subclasses; unknown event types arrive as <see cref="RealtimeServerEventUnknown"/>.</summary>
public abstract class RealtimeServerEvent
{
    private string? _eventId;

    private protected RealtimeServerEvent(string type)
    {
        Type = type;
    }

    /// <summary>The event's <c>type</c>, e.g. <c>response.done</c>.</summary>
    public string Type { get; }

    /// <summary>The server-generated <c>event_id</c>, or <see langword="null"/> when absent.</summary>
    public string? EventId
    {
        get => _eventId ?? MaterializeEventId();
        init => _eventId = value;
    }

    // Lets the reused audio delta keep the id as bytes and build the string only when someone asks for it.
    private protected virtual string? MaterializeEventId() => null;

    private protected void ResetEventId() => _eventId = null;

    private protected void SetEventId(string? eventId) => _eventId = eventId;
}
