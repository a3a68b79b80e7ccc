namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.created</c>: A conversation item was created (beta name, still in the GA union; GA servers send added/done).</summary>
public sealed class RealtimeServerEventConversationItemCreated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.created";

    internal RealtimeServerEventConversationItemCreated()
        : base(EventType)
    {
    }

    /// <summary>The item before it, or null when first.</summary>
    public string? PreviousItemId { get; internal init; }

    /// <summary>The item (no audio bytes).</summary>
    public RealtimeItem Item { get; internal init; } = new RealtimeItem();
}
