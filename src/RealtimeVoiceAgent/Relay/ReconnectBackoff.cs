using System;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The wait before each model reconnect attempt: the first attempt goes at once, then the wait doubles from
/// <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, each with "equal jitter" (half fixed, half random) so that the
/// calls of one host that lost the service together do not come back in lockstep.
/// </summary>
internal static class ReconnectBackoff
{
    /// <summary>The wait before the second attempt (before jitter).</summary>
    public static readonly TimeSpan InitialDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two attempts (before jitter).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(4);

    /// <summary>The wait before attempt <paramref name="attempt"/> (1-based); <paramref name="random"/> is in [0, 1).</summary>
    public static TimeSpan DelayBefore(int attempt, double random)
    {
        if (attempt <= 1)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(attempt - 2, 16);
        var ceiling = Math.Min(InitialDelay.TotalMilliseconds * (1 << exponent), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * Math.Clamp(random, 0, 1)));
    }
}
