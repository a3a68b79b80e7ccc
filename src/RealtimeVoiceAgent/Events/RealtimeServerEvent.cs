namespace RealtimeVoiceAgent.Events;

/// <summary>An event received from the Realtime service. Pattern-match on the sealed <c>RealtimeServerEvent…</c> subclasses; unknown event types arrive as <see cref="RealtimeServerEventUnknown"/>.</summary>
/// <remarks>
/// Events are read-only. Tests, and a <see cref="VoiceModelSession"/> for another voice API, create them with
/// <see cref="RealtimeVoiceAgentModelFactory"/>.
/// </remarks>
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
        internal init => _eventId = value;
    }

    // Lets the reused audio delta keep the id as bytes and build the string only when someone asks for it.
    private protected virtual string? MaterializeEventId() => null;

    private protected void ResetEventId() => _eventId = null;

    private protected void SetEventId(string? eventId) => _eventId = eventId;
}
