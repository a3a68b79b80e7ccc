namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.truncated</c>: An assistant audio item was truncated after <c>conversation.item.truncate</c>.</summary>
public sealed class RealtimeServerEventConversationItemTruncated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.truncated";

    internal RealtimeServerEventConversationItemTruncated()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; internal init; }

    /// <summary>The audio kept, in milliseconds.</summary>
    public int AudioEndMs { get; internal init; }
}
