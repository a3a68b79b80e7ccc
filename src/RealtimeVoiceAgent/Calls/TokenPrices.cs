using System.ComponentModel.DataAnnotations;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// What the model's tokens cost, in US dollars per million tokens, for the cost of each call
/// (<see cref="CallSummary.CostUsd"/>, the <c>realtime_voice_agent.call.cost</c> metric and the call span's
/// <c>realtime_voice_agent.call.cost_usd</c>). All zero (the default): no cost is computed.
/// </summary>
/// <remarks>
/// <para>
/// Each <c>response.done</c>'s usage is split into disjoint parts, each at its own price: uncached text input
/// (<c>text_tokens</c> less the cached text tokens), cached text input, uncached audio input, cached audio input, text
/// output and audio output. Image tokens are not priced. Prices change: take them from your provider's price list; the
/// docs (docs/observability.md) show an example, as an example only.
/// </para>
/// </remarks>
public sealed class TokenPrices
{
    /// <summary>Uncached text input, USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.TextInput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal TextInput { get; set; }

    /// <summary>Cached text input, USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.CachedTextInput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal CachedTextInput { get; set; }

    /// <summary>Uncached audio input, USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.AudioInput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal AudioInput { get; set; }

    /// <summary>Cached audio input, USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.CachedAudioInput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal CachedAudioInput { get; set; }

    /// <summary>Text output (including the transcript of spoken output), USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.TextOutput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal TextOutput { get; set; }

    /// <summary>Audio output, USD per 1M tokens.</summary>
    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "TokenPrices.AudioOutput must be between 0 and 1000000 (USD per 1M tokens).")]
    public decimal AudioOutput { get; set; }

    /// <summary>Whether any price is set: only then is a call's cost computed.</summary>
    public bool IsSet => TextInput > 0 || CachedTextInput > 0 || AudioInput > 0 || CachedAudioInput > 0 || TextOutput > 0 || AudioOutput > 0;
}
