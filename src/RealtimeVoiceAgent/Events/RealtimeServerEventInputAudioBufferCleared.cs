namespace RealtimeVoiceAgent.Events;

/// <summary><c>input_audio_buffer.cleared</c>: The input audio buffer was cleared.</summary>
public sealed class RealtimeServerEventInputAudioBufferCleared : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "input_audio_buffer.cleared";

    internal RealtimeServerEventInputAudioBufferCleared()
        : base(EventType)
    {
    }
}
