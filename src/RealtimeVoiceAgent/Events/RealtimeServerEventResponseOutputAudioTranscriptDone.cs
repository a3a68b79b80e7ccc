namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_audio_transcript.done</c>: The full transcript of the model's audio item.</summary>
public sealed class RealtimeServerEventResponseOutputAudioTranscriptDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_audio_transcript.done";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseOutputAudioTranscriptDone()
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

    /// <summary>The full transcript.</summary>
    public string Transcript { get; init; } = string.Empty;
}
