namespace RealtimeVoiceAgent.Events;

/// <summary>One content part of a conversation item (audio bytes are never included).</summary>
public sealed class RealtimeContentPart
{
    internal RealtimeContentPart()
    {
    }

    /// <summary>The part type: <c>input_text</c>, <c>input_audio</c>, <c>output_text</c>, <c>output_audio</c> (or the beta <c>text</c>/<c>audio</c>).</summary>
    public string? Type { get; internal init; }

    /// <summary>The text of a text part.</summary>
    public string? Text { get; internal init; }

    /// <summary>The transcript of an audio part, when known.</summary>
    public string? Transcript { get; internal init; }
}
