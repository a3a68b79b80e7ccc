namespace RealtimeVoiceAgent.Events;

/// <summary><c>input_audio_buffer.committed</c>: The input audio buffer was committed into a user item.</summary>
public sealed class RealtimeServerEventInputAudioBufferCommitted : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "input_audio_buffer.committed";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventInputAudioBufferCommitted()
        : base(EventType)
    {
    }

    /// <summary>The user item created from the audio.</summary>
    public string? ItemId { get; init; }

    /// <summary>The item before it, or null.</summary>
    public string? PreviousItemId { get; init; }
}
