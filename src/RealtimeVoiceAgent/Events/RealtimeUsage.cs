namespace RealtimeVoiceAgent.Events;

/// <summary>Token usage of a response (<c>response.done</c>).</summary>
public sealed class RealtimeUsage
{
    internal RealtimeUsage()
    {
    }

    /// <summary>Input plus output tokens.</summary>
    public int TotalTokens { get; internal init; }

    /// <summary>Input tokens, including cached ones.</summary>
    public int InputTokens { get; internal init; }

    /// <summary>Output tokens.</summary>
    public int OutputTokens { get; internal init; }

    /// <summary>Input text tokens.</summary>
    public int InputTextTokens { get; internal init; }

    /// <summary>Input audio tokens.</summary>
    public int InputAudioTokens { get; internal init; }

    /// <summary>Cached input tokens (a subset of <see cref="InputTokens"/>).</summary>
    public int InputCachedTokens { get; internal init; }

    /// <summary>Cached input text tokens (<c>input_token_details.cached_tokens_details.text_tokens</c>; a subset of <see cref="InputTextTokens"/>).</summary>
    public int InputCachedTextTokens { get; internal init; }

    /// <summary>Cached input audio tokens (<c>input_token_details.cached_tokens_details.audio_tokens</c>; a subset of <see cref="InputAudioTokens"/>).</summary>
    public int InputCachedAudioTokens { get; internal init; }

    /// <summary>Output text tokens.</summary>
    public int OutputTextTokens { get; internal init; }

    /// <summary>Output audio tokens.</summary>
    public int OutputAudioTokens { get; internal init; }
}
