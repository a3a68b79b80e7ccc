namespace RealtimeVoiceAgent.Events;

/// <summary><c>conversation.item.input_audio_transcription.failed</c>: Transcribing the caller's audio failed.</summary>
public sealed class RealtimeServerEventInputAudioTranscriptionFailed : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "conversation.item.input_audio_transcription.failed";

    internal RealtimeServerEventInputAudioTranscriptionFailed()
        : base(EventType)
    {
    }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the content part in the item.</summary>
    public int ContentIndex { get; internal init; }

    /// <summary>The error details.</summary>
    public RealtimeErrorDetails Error { get; internal init; } = new RealtimeErrorDetails();
}
