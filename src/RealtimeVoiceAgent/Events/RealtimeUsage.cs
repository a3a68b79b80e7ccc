namespace RealtimeVoiceAgent.Events;

/// <summary>Token usage of a response (<c>response.done</c>).</summary>
public sealed class RealtimeUsage
{
    /// <summary>Input plus output tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>Input tokens, including cached ones.</summary>
    public int InputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    public int OutputTokens { get; init; }

    /// <summary>Input text tokens.</summary>
    public int InputTextTokens { get; init; }

    /// <summary>Input audio tokens.</summary>
    public int InputAudioTokens { get; init; }

    /// <summary>Cached input tokens (a subset of <see cref="InputTokens"/>).</summary>
    public int InputCachedTokens { get; init; }

    /// <summary>Output text tokens.</summary>
    public int OutputTextTokens { get; init; }

    /// <summary>Output audio tokens.</summary>
    public int OutputAudioTokens { get; init; }
}
