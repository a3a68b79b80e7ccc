using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.AspNetCore;

/// <summary>
/// Limits and policies of the <c>MapVoiceAgent</c> call endpoint. A mutable POCO with documented defaults; bind it
/// from configuration or set it in the <c>MapVoiceAgent</c> callback.
/// </summary>
public sealed class VoiceAgentEndpointOptions
{
    /// <summary>
    /// The most calls this instance runs at once (default 100). A call over the limit is accepted, sent
    /// <c>{"type":"error","code":"busy"}</c> and closed with 1013 (try again later), so a browser can tell the caller why.
    /// </summary>
    public int MaxConcurrentCalls { get; set; } = 100;

    /// <summary>The longest a call may last (default 15 minutes); then it is closed with <c>call_time_limit</c>.</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a caller may send nothing at all (default 60 s); then the call is closed with <c>idle_timeout</c>.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the model connection may take (default 60 s, the seed's timeout); then <c>model_unavailable</c>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest caller message, in bytes (default 64 KiB, about 1.3 s of 24 kHz audio as base64 JSON).</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How many caller-bound bytes may wait for a caller that is not reading (default 1 MiB, about 20 s of 24 kHz audio);
    /// past it the call is closed with <c>slow_consumer</c> rather than buffering without bound.
    /// </summary>
    public int MaxOutboundBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How far ahead of real time a caller's audio may run before it counts as a flood (default 5 s). Generous on purpose:
    /// a relay that falls behind under load reads the frames queued in the network in one burst, which must not look
    /// like a flood; a real flood (faster than real time, sustained) still exceeds it within seconds.
    /// </summary>
    public TimeSpan AudioBurst { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a close handshake may take on each side before the connection is dropped (default 5 s).</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The browser origins allowed to open calls, e.g. <c>https://contacts.example.com</c>. Empty (the default) allows any
    /// origin. A request whose <c>Origin</c> header is not in the list is refused with HTTP 403; a request without an
    /// <c>Origin</c> header (not a browser) is allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// How many calls one remote IP address may open per <see cref="ConnectionRateWindow"/> (default 30; 0 disables the
    /// limit). Over it the handshake is refused with HTTP 429. Behind a proxy, use the forwarded-headers middleware so
    /// the remote address is the caller's.
    /// </summary>
    public int ConnectionsPerIpPerWindow { get; set; } = 30;

    /// <summary>The window of <see cref="ConnectionsPerIpPerWindow"/> (default 1 minute).</summary>
    public TimeSpan ConnectionRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>WebSocket keep-alive ping interval (default 30 s) so idle proxies keep the connection.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
}
