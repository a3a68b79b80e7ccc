namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_item.added</c>: The response started an output item (message or function call).</summary>
public sealed class RealtimeServerEventResponseOutputItemAdded : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_item.added";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseOutputItemAdded()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; init; }

    /// <summary>The item (in progress).</summary>
    public RealtimeItem Item { get; init; } = new RealtimeItem();
}
