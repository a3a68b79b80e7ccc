using System.Collections.Generic;

namespace RealtimeVoiceAgent;

/// <summary>Per-response overrides sent with <c>response.create</c>; unset values use the session's.</summary>
public sealed class RealtimeResponseOptions
{
    /// <summary>Instructions for this response only.</summary>
    public string? Instructions { get; set; }

    /// <summary><see cref="RealtimeOutputModality.Audio"/> or <see cref="RealtimeOutputModality.Text"/> for this response only; only one is allowed.</summary>
    public IList<RealtimeOutputModality>? OutputModalities { get; set; }

    /// <summary>The maximum output tokens for this response, 1–4096.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary><c>auto</c> (default: written to the conversation) or <c>none</c> (out-of-band response).</summary>
    public string? Conversation { get; set; }

    /// <summary>Up to 16 key/value pairs echoed in the response, to tell parallel responses apart.</summary>
    public IDictionary<string, string>? Metadata { get; set; }
}
