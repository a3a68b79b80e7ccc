using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

/// <summary>
/// A <c>response.done</c>'s usage (or a call's sum of them) split into disjoint parts, each priced on its own: the parts
/// of each side add up to its <c>input_tokens</c> / <c>output_tokens</c> (tokens the details do not account for, e.g.
/// image input, are "other").
/// </summary>
internal readonly record struct TokenUsageParts(
    long TextInput,
    long CachedTextInput,
    long AudioInput,
    long CachedAudioInput,
    long OtherInput,
    long TextOutput,
    long AudioOutput,
    long OtherOutput)
{
    public long Input => TextInput + CachedTextInput + AudioInput + CachedAudioInput + OtherInput;

    public long Output => TextOutput + AudioOutput + OtherOutput;

    public static TokenUsageParts From(RealtimeUsage usage)
    {
        // Cached tokens are a subset of their modality's tokens; a service that reports them inconsistently is clamped.
        long cachedText = Clamp(usage.InputCachedTextTokens, usage.InputTextTokens);
        long cachedAudio = Clamp(usage.InputCachedAudioTokens, usage.InputAudioTokens);
        long text = System.Math.Max(0, usage.InputTextTokens) - cachedText;
        long audio = System.Math.Max(0, usage.InputAudioTokens) - cachedAudio;
        long otherInput = System.Math.Max(0, usage.InputTokens - text - cachedText - audio - cachedAudio);
        long textOutput = System.Math.Max(0, usage.OutputTextTokens);
        long audioOutput = System.Math.Max(0, usage.OutputAudioTokens);
        long otherOutput = System.Math.Max(0, usage.OutputTokens - textOutput - audioOutput);
        return new(text, cachedText, audio, cachedAudio, otherInput, textOutput, audioOutput, otherOutput);
    }

    public static TokenUsageParts operator +(TokenUsageParts a, TokenUsageParts b) => new(
        a.TextInput + b.TextInput,
        a.CachedTextInput + b.CachedTextInput,
        a.AudioInput + b.AudioInput,
        a.CachedAudioInput + b.CachedAudioInput,
        a.OtherInput + b.OtherInput,
        a.TextOutput + b.TextOutput,
        a.AudioOutput + b.AudioOutput,
        a.OtherOutput + b.OtherOutput);

    /// <summary>The cost in USD at <paramref name="prices"/> (per 1M tokens); "other" tokens are not priced.</summary>
    public decimal CostAt(TokenPrices prices) =>
        ((TextInput * prices.TextInput) + (CachedTextInput * prices.CachedTextInput) + (AudioInput * prices.AudioInput) +
         (CachedAudioInput * prices.CachedAudioInput) + (TextOutput * prices.TextOutput) + (AudioOutput * prices.AudioOutput)) / 1_000_000m;

    private static long Clamp(int part, int whole) => System.Math.Clamp(part, 0, System.Math.Max(0, whole));
}
