namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_item.done</c>: An output item is complete; for a function call, <see cref="RealtimeItem.Arguments"/> is final.</summary>
public sealed class RealtimeServerEventResponseOutputItemDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_item.done";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseOutputItemDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; init; }

    /// <summary>The final item.</summary>
    public RealtimeItem Item { get; init; } = new RealtimeItem();
}
