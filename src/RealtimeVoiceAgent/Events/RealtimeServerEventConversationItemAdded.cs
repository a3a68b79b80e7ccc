namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.added</c>: An item was added to the conversation (GA): a client item, committed caller audio, or the start of a model output item.</summary>
public sealed class RealtimeServerEventConversationItemAdded : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.added";

    internal RealtimeServerEventConversationItemAdded()
        : base(EventType)
    {
    }

    /// <summary>The item before it, or null when first.</summary>
    public string? PreviousItemId { get; internal init; }

    /// <summary>The item (no audio bytes).</summary>
    public RealtimeItem Item { get; internal init; } = new RealtimeItem();
}
