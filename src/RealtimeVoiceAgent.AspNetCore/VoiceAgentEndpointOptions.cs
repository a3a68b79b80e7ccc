using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.AspNetCore;

/// <summary>
/// Limits and policies of a <c>MapVoiceAgent</c> call endpoint: the call limits of <see cref="CallRelayOptions"/> plus
/// admission (concurrency, origins, connection rate) and the WebSocket's own settings. A mutable POCO with documented
/// defaults: bind it from a configuration section (<c>services.Configure&lt;VoiceAgentEndpointOptions&gt;(section)</c>)
/// and/or set it in the <c>MapVoiceAgent</c> callback; it is validated when the endpoint is mapped.
/// </summary>
public sealed class VoiceAgentEndpointOptions : CallRelayOptions
{
    private List<string> _origins = [];

    /// <summary>
    /// The most calls this endpoint runs at once (default 100). A call over the limit is accepted, sent
    /// <c>{"type":"error","code":"busy"}</c> and closed with 1013 (try again later), so a browser can tell the caller why.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "MaxConcurrentCalls must be at least 1.")]
    public int MaxConcurrentCalls { get; set; } = 100;

    /// <summary>The largest caller message, in bytes (default 64 KiB, about 1.3 s of 24 kHz audio as base64 JSON).</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "MaxFrameBytes must be between 1024 and 16 MiB.")]
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The browser origins allowed to open calls, e.g. <c>https://contacts.example.com</c>. Empty (the default) allows any
    /// origin. A request whose <c>Origin</c> header is not in the list is refused with HTTP 403; a request without an
    /// <c>Origin</c> header (not a browser) is allowed.
    /// </summary>
    public IList<string> AllowedOrigins => _origins;

    /// <summary>
    /// How many calls one remote IP address may open per <see cref="ConnectionRateWindow"/> (default 30; 0 disables the
    /// limit). Over it the handshake is refused with HTTP 429. Behind a proxy, use the forwarded-headers middleware so
    /// the remote address is the caller's.
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = "ConnectionsPerIpPerWindow must be 0 (no limit) or more.")]
    public int ConnectionsPerIpPerWindow { get; set; } = 30;

    /// <summary>The window of <see cref="ConnectionsPerIpPerWindow"/> (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "ConnectionRateWindow must be between 1 ms and 1 day.")]
    public TimeSpan ConnectionRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>WebSocket keep-alive ping interval (default 30 s) so idle proxies keep the connection; zero turns pings off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "KeepAliveInterval must be between 0 and 1 hour.")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A copy, so each route can change its own (AllowedOrigins is copied too).</summary>
    internal VoiceAgentEndpointOptions Clone()
    {
        var copy = (VoiceAgentEndpointOptions)MemberwiseClone();
        copy._origins = [.. _origins];
        return copy;
    }
}
