using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary><c>rate_limits.updated</c>: The rate limits after a response started.</summary>
public sealed class RealtimeServerEventRateLimitsUpdated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "rate_limits.updated";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventRateLimitsUpdated()
        : base(EventType)
    {
    }

    /// <summary>The limits.</summary>
    public IReadOnlyList<RealtimeRateLimit> RateLimits { get; init; } = Array.Empty<RealtimeRateLimit>();
}
