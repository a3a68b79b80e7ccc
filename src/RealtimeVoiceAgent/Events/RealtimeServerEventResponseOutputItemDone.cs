namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_item.done</c>: An output item is complete; for a function call, <see cref="RealtimeItem.Arguments"/> is final.</summary>
public sealed class RealtimeServerEventResponseOutputItemDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_item.done";

    internal RealtimeServerEventResponseOutputItemDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; internal init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; internal init; }

    /// <summary>The final item.</summary>
    public RealtimeItem Item { get; internal init; } = new RealtimeItem();
}
