namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_audio_transcript.delta</c>: Part of the transcript of the model's audio.</summary>
public sealed class RealtimeServerEventResponseOutputAudioTranscriptDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_audio_transcript.delta";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseOutputAudioTranscriptDelta()
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

    /// <summary>The transcript fragment.</summary>
    public string Delta { get; init; } = string.Empty;
}
