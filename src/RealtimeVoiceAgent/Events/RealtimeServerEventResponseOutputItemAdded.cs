namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_item.added</c>: The response started an output item (message or function call).</summary>
public sealed class RealtimeServerEventResponseOutputItemAdded : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_item.added";

    internal RealtimeServerEventResponseOutputItemAdded()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; internal init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; internal init; }

    /// <summary>The item (in progress).</summary>
    public RealtimeItem Item { get; internal init; } = new RealtimeItem();
}
