using System;

namespace RealtimeVoiceAgent.Relay;

/// <summary>The limits and timeouts of one call (the ASP.NET Core package maps its endpoint options onto these).</summary>
internal sealed record CallSessionSettings
{
    /// <summary>How long the model connection may take before the call fails with <c>model_unavailable</c>.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a call may last.</summary>
    public TimeSpan MaxCallDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the caller may send nothing at all before the call is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest caller message accepted, in bytes.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>How much caller-bound data may wait for a caller that is not reading before the call is closed.</summary>
    public int MaxOutboundBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>How far ahead of real time a caller's audio may run (the flood token bucket's size).</summary>
    public TimeSpan AudioBurst { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long closing each side may take before the connection is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
