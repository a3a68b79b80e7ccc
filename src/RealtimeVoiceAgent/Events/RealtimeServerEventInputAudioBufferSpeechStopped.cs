namespace RealtimeVoiceAgent.Events;

/// <summary><c>input_audio_buffer.speech_stopped</c>: Voice activity detection heard the caller stop speaking.</summary>
public sealed class RealtimeServerEventInputAudioBufferSpeechStopped : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "input_audio_buffer.speech_stopped";

    internal RealtimeServerEventInputAudioBufferSpeechStopped()
        : base(EventType)
    {
    }

    /// <summary>Offset of the speech end from the beginning of the session's input audio, in milliseconds.</summary>
    public int AudioEndMs { get; internal init; }

    /// <summary>The user item that will be created.</summary>
    public string? ItemId { get; internal init; }
}
