using System;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// The limits and timeouts of each call the <see cref="CallRelay"/> runs. A mutable POCO with documented defaults: bind it
/// from configuration; <c>AddRealtimeVoiceAgent</c> validates it when the host starts.
/// </summary>
public class CallRelayOptions
{
    /// <summary>How long the model connection may take (default 60 s, the seed's timeout); then the call ends with <c>model_unavailable</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "ConnectTimeout must be between 1 ms and 1 day.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a call may last (default 15 minutes); then it is closed with <c>call_time_limit</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "MaxCallDuration must be between 1 ms and 1 day.")]
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a caller may send nothing at all (default 60 s); then the call is closed with <c>idle_timeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "IdleTimeout must be between 1 ms and 1 day.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many caller-bound bytes may wait for a caller that is not reading (default 1 MiB, about 20 s of 24 kHz audio);
    /// past it the call is dropped as <c>slow_consumer</c> rather than buffering without bound.
    /// </summary>
    [Range(1024, int.MaxValue, ErrorMessage = "MaxOutboundBufferBytes must be at least 1024.")]
    public int MaxOutboundBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How far ahead of real time a caller's audio may run before it counts as a flood (default 5 s): a token bucket on
    /// audio duration that starts with this much and refills at real time. So that a relay which falls behind (and then
    /// reads the frames queued in the network at once) does not mistake that for a flood, the bucket may refill up to
    /// this plus 30 s of catch-up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "AudioBurst must be between 1 ms and 1 hour.")]
    public TimeSpan AudioBurst { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a caller speaking G.711 both ways (a phone line: <see cref="CallerAudioFormat.G711MuLaw"/> or
    /// <see cref="CallerAudioFormat.G711ALaw"/> as both input and output format) is passed through to the model untouched
    /// (default <see langword="true"/>): the model session uses <c>audio/pcmu</c> (or <c>audio/pcma</c>) in and out, with no
    /// decoding, resampling or encoding either way. Set it to <see langword="false"/> for a model that takes only PCM: the
    /// relay then decodes and resamples to PCM16 at 24 kHz, and back. Other callers always use PCM16 at 24 kHz.
    /// </summary>
    public bool G711Passthrough { get; set; } = true;

    /// <summary>
    /// How long the relay keeps trying to reconnect when the model connection drops mid-call (default 15 s; zero turns
    /// reconnecting off). The drop may be the network, a close the relay did not ask for, or the service's session limit
    /// (close 1001 after <c>session_expired</c>). The caller is told <c>reconnecting</c>, the relay opens a new session
    /// (attempts back off with jitter within this time, each bounded by <see cref="ConnectTimeout"/>), sends the same
    /// configuration, replays the conversation so far and tells the caller <c>ready</c>; the agent, its tools and what they
    /// stored are the same. When no session is back within this time the call ends with <c>model_disconnected</c>, as it
    /// does at once when reconnecting is off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "ModelReconnectTimeout must be between 0 (off) and 10 minutes.")]
    public TimeSpan ModelReconnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a close on each side may take before the connection is dropped (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "CloseTimeout must be between 1 ms and 10 minutes.")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What the model's tokens cost (USD per 1M tokens, by modality and caching), for each call's cost; all zero (the
    /// default) computes none. Bind it from configuration, e.g. <c>VoiceContacts:TokenPrices:AudioInput</c>.
    /// </summary>
    [ValidateObjectMembers]
    public TokenPrices TokenPrices { get; set; } = new();
}
