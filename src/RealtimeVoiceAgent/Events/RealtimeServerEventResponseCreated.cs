namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.created</c>: The model started a response.</summary>
public sealed class RealtimeServerEventResponseCreated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.created";

    internal RealtimeServerEventResponseCreated()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; internal init; }

    /// <summary>The response (status <c>in_progress</c>).</summary>
    public RealtimeResponse Response { get; internal init; } = new RealtimeResponse();
}
