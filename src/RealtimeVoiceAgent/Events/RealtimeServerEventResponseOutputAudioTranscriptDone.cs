namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.output_audio_transcript.done</c>: The full transcript of the model's audio item.</summary>
public sealed class RealtimeServerEventResponseOutputAudioTranscriptDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.output_audio_transcript.done";

    internal RealtimeServerEventResponseOutputAudioTranscriptDone()
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

    /// <summary>The full transcript.</summary>
    public string Transcript { get; internal init; } = string.Empty;
}
