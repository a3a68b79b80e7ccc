namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.input_audio_transcription.completed</c>: The transcript of the caller's audio item.</summary>
public sealed class RealtimeServerEventInputAudioTranscriptionCompleted : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.input_audio_transcription.completed";

    internal RealtimeServerEventInputAudioTranscriptionCompleted()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; internal init; }

    /// <summary>The full transcript.</summary>
    public string Transcript { get; internal init; } = string.Empty;
}
