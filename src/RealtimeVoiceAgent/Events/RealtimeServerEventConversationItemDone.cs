namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.done</c>: A conversation item is final (GA).</summary>
public sealed class RealtimeServerEventConversationItemDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.done";

    internal RealtimeServerEventConversationItemDone()
        : base(EventType)
    {
    }

    /// <summary>The item before it, or null when first.</summary>
    public string? PreviousItemId { get; internal init; }

    /// <summary>The item (no audio bytes).</summary>
    public RealtimeItem Item { get; internal init; } = new RealtimeItem();
}
