namespace RealtimeVoiceAgent;

/// <summary>Transcription of the caller's audio (<c>audio.input.transcription</c>); it runs alongside the model and produces input transcription events.</summary>
public sealed class RealtimeTranscriptionOptions
{
    /// <summary>The transcription model, e.g. <c>gpt-4o-transcribe</c> (default), <c>gpt-4o-mini-transcribe</c> or <c>whisper-1</c>.</summary>
    public string Model { get; init; } = "gpt-4o-transcribe";

    /// <summary>The ISO-639-1 language of the caller (e.g. <c>en</c>), or <see langword="null"/> to let the model detect it.</summary>
    public string? Language { get; init; }

    /// <summary>An optional prompt guiding the transcription (vocabulary, spelling).</summary>
    public string? Prompt { get; init; }
}
