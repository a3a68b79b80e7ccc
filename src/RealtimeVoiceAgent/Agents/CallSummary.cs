using System;

namespace RealtimeVoiceAgent;

/// <summary>What the relay knows about a finished call, passed to <see cref="VoiceAgent.OnCallEndedAsync"/>: when it ran,
/// why it ended, how the caller was connected and the model tokens it used.</summary>
/// <remarks>It holds no personal data (no caller metadata, no transcript), so an agent may keep it as a call record.</remarks>
public sealed record CallSummary
{
    /// <summary>The call's id (<see cref="CallContext.CallId"/>).</summary>
    public required string CallId { get; init; }

    /// <summary>How the caller was connected (<see cref="CallContext.TransportKind"/>), e.g. <c>websocket</c>.</summary>
    public required string TransportKind { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When both connections were closed (UTC).</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>How long the call lasted.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>Why the call ended.</summary>
    public required CallEndReason EndReason { get; init; }

    /// <summary>The model's input tokens, summed over the usage of every <c>response.done</c> of the call.</summary>
    public long InputTokens { get; init; }

    /// <summary>The model's output tokens, summed over the usage of every <c>response.done</c> of the call.</summary>
    public long OutputTokens { get; init; }

    /// <summary>How often the caller interrupted the agent's reply (barge-in: spoke, or the app sent <c>interrupt</c>, while a reply was in progress or not yet fully heard).</summary>
    public int BargeIns { get; init; }

    /// <summary>
    /// What the call's model tokens cost in USD, at <see cref="Calls.CallRelayOptions.TokenPrices"/>;
    /// <see langword="null"/> when no token price is set.
    /// </summary>
    public decimal? CostUsd { get; init; }
}
