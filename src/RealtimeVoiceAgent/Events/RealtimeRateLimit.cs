namespace RealtimeVoiceAgent.Events;

/// <summary>One entry of <c>rate_limits.updated</c>.</summary>
public sealed class RealtimeRateLimit
{
    internal RealtimeRateLimit()
    {
    }

    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string? Name { get; internal init; }

    /// <summary>The maximum allowed.</summary>
    public long Limit { get; internal init; }

    /// <summary>What remains before the limit is reached.</summary>
    public long Remaining { get; internal init; }

    /// <summary>Seconds until the limit resets.</summary>
    public double ResetSeconds { get; internal init; }
}
