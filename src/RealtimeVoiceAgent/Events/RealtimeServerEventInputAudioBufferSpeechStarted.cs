namespace RealtimeVoiceAgent.Events;

/// <summary><c>input_audio_buffer.speech_started</c>: Voice activity detection heard the caller start speaking: stop playback (barge-in).</summary>
public sealed class RealtimeServerEventInputAudioBufferSpeechStarted : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "input_audio_buffer.speech_started";

    internal RealtimeServerEventInputAudioBufferSpeechStarted()
        : base(EventType)
    {
    }

    /// <summary>Offset of the speech start from the beginning of the session's input audio, in milliseconds.</summary>
    public int AudioStartMs { get; internal init; }

    /// <summary>The user item that will be created.</summary>
    public string? ItemId { get; internal init; }
}
