using System;
using System.ComponentModel.DataAnnotations;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Twilio;

/// <summary>
/// Settings of the Twilio phone routes (<c>MapTwilioVoice</c>): the call limits of <see cref="CallRelayOptions"/> plus the
/// account's auth token (every request is checked against its signature), the public URL Twilio reaches the host at, and
/// the phone-specific limits. A mutable POCO with documented defaults: bind it from configuration
/// (<c>services.Configure&lt;TwilioVoiceOptions&gt;(section)</c>) and/or set it in the <c>MapTwilioVoice</c> callback; it
/// is validated when the routes are mapped.
/// </summary>
public sealed class TwilioVoiceOptions : CallRelayOptions
{
    /// <summary>
    /// The Twilio account's auth token (required). Twilio signs every webhook and Media Streams handshake with it
    /// (<c>X-Twilio-Signature</c>); a request whose signature does not match gets HTTP 403. Keep it in a secret store; it
    /// is never logged.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The URL Twilio reaches this application's root at, e.g. <c>https://contacts.example.com</c> (required). The voice
    /// webhook is <c>{PublicBaseUrl}/twilio/voice</c> and the media stream <c>wss://…/twilio/media</c>. Signatures are checked
    /// against URLs built from it, not from the request's <c>Host</c>, so they hold behind a proxy or tunnel. It must be
    /// <c>https</c> (plain <c>http</c> only for a loopback host, in tests) with no query or fragment; a path prefix that a
    /// proxy adds belongs in it.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The most phone calls these routes run at once (default 100); one more is closed at once (Twilio then ends the call).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "MaxConcurrentCalls must be at least 1.")]
    public int MaxConcurrentCalls { get; set; } = 100;

    /// <summary>
    /// How long after the last keypad digit the digits so far are handed to the agent as the caller's typed input
    /// (default 3 s); <c>#</c> hands them over at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "DtmfPause must be between 100 ms and 1 minute.")]
    public TimeSpan DtmfPause { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long Twilio may take, after the media WebSocket opens, to send the stream's <c>start</c> message (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "StartTimeout must be between 1 ms and 10 minutes.")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When the call ends while the caller is still on the line (the agent ended it, a time limit), how long to wait for
    /// Twilio to finish playing the audio already sent before the media socket is closed (default 4 s). It must be shorter
    /// than <see cref="CallRelayOptions.CloseTimeout"/>, which bounds the whole close.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "PlaybackDrainTimeout must be between 0 and 10 minutes.")]
    public TimeSpan PlaybackDrainTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A copy, so each mapping can change its own.</summary>
    internal TwilioVoiceOptions Clone() => (TwilioVoiceOptions)MemberwiseClone();
}
