namespace RealtimeVoiceAgent.Events;

/// <summary><c>input_audio_buffer.committed</c>: The input audio buffer was committed into a user item.</summary>
public sealed class RealtimeServerEventInputAudioBufferCommitted : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "input_audio_buffer.committed";

    internal RealtimeServerEventInputAudioBufferCommitted()
        : base(EventType)
    {
    }

    /// <summary>The user item created from the audio.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The item before it, or null.</summary>
    public string? PreviousItemId { get; internal init; }
}
