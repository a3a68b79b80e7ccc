namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.input_audio_transcription.delta</c>: Part of the transcript of the caller's audio.</summary>
public sealed class RealtimeServerEventInputAudioTranscriptionDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.input_audio_transcription.delta";

    internal RealtimeServerEventInputAudioTranscriptionDelta()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; internal init; }

    /// <summary>The transcript fragment.</summary>
    public string Delta { get; internal init; } = string.Empty;
}
