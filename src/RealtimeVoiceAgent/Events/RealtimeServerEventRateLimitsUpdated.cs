using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary><c>rate_limits.updated</c>: The rate limits after a response started.</summary>
public sealed class RealtimeServerEventRateLimitsUpdated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "rate_limits.updated";

    internal RealtimeServerEventRateLimitsUpdated()
        : base(EventType)
    {
    }

    /// <summary>The limits.</summary>
    public IReadOnlyList<RealtimeRateLimit> RateLimits { get; internal init; } = Array.Empty<RealtimeRateLimit>();
}
