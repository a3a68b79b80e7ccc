namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_text.delta</c>: Part of a text-modality response.</summary>
public sealed class RealtimeServerEventResponseOutputTextDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_text.delta";

    internal RealtimeServerEventResponseOutputTextDelta()
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

    /// <summary>The text fragment.</summary>
    public string Delta { get; internal init; } = string.Empty;
}
