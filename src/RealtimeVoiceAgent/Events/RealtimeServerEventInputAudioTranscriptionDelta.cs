namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.input_audio_transcription.delta</c>: Part of the transcript of the caller's audio.</summary>
public sealed class RealtimeServerEventInputAudioTranscriptionDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.input_audio_transcription.delta";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventInputAudioTranscriptionDelta()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; init; }

    /// <summary>The transcript fragment.</summary>
    public string Delta { get; init; } = string.Empty;
}
