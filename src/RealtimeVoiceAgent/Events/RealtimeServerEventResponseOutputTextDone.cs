namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_text.done</c>: The full text of a text-modality output item.</summary>
public sealed class RealtimeServerEventResponseOutputTextDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_text.done";

    internal RealtimeServerEventResponseOutputTextDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; internal init; }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; internal init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; internal init; }

    /// <summary>The full text.</summary>
    public string Text { get; internal init; } = string.Empty;
}
