namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_text.done</c>: The full text of a text-modality output item.</summary>
public sealed class RealtimeServerEventResponseOutputTextDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_text.done";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseOutputTextDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The item id.</summary>
    public string? ItemId { get; init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; init; }

    /// <summary>The full text.</summary>
    public string Text { get; init; } = string.Empty;
}
