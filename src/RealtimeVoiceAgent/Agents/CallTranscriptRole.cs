namespace RealtimeVoiceAgent;

/// <summary>Who said a transcript line.</summary>
public enum CallTranscriptRole
{
    /// <summary>The caller (the model's transcription of the caller's audio; <c>user</c> on the wire).</summary>
    Caller,

    /// <summary>The assistant.</summary>
    Assistant,
}
