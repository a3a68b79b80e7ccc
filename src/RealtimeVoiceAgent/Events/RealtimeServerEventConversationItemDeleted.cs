namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.deleted</c>: A conversation item was deleted.</summary>
public sealed class RealtimeServerEventConversationItemDeleted : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.deleted";

    internal RealtimeServerEventConversationItemDeleted()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }
}
