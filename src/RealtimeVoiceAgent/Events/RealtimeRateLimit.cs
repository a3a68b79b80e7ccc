namespace RealtimeVoiceAgent.Events;

/// <summary>One entry of <c>rate_limits.updated</c>.</summary>
public sealed class RealtimeRateLimit
{
    /// <summary><c>requests</c> or <c>tokens</c>.</summary>
    public string? Name { get; init; }

    /// <summary>The maximum allowed.</summary>
    public long Limit { get; init; }

    /// <summary>What remains before the limit is reached.</summary>
    public long Remaining { get; init; }

    /// <summary>Seconds until the limit resets.</summary>
    public double ResetSeconds { get; init; }
}
