namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The caller's opt-in protocol additions for one call (docs/client-protocol.md, the connect URL's query).</summary>
internal sealed record CallerProtocolOptions
{
    /// <summary>The model's audio rate; JSON audio and the default binary rates use it.</summary>
    public const int ModelSampleRate = 24000;

    /// <summary>Audio travels as binary PCM16 frames in both directions (<c>audio=binary</c>).</summary>
    public bool BinaryAudio { get; init; }

    /// <summary>The sample rate of the caller's binary frames (<c>inputRate</c>).</summary>
    public int InputRate { get; init; } = ModelSampleRate;

    /// <summary>The sample rate the caller wants the AI's binary audio in (<c>outputRate</c>).</summary>
    public int OutputRate { get; init; } = ModelSampleRate;

    /// <summary>Send <c>transcript_delta</c> and <c>transcript</c> for both sides (<c>transcripts=1</c>).</summary>
    public bool Transcripts { get; init; }

    /// <summary>Send <c>response_done</c> (<c>responseDone=1</c>).</summary>
    public bool ResponseDone { get; init; }
}
