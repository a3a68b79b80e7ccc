using System;
using System.Collections.Generic;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>How <see cref="FakeTwilioMediaStream"/> presents itself: the call's ids and numbers, the signing token, the stream's format and what it records.</summary>
public sealed class FakeTwilioMediaStreamOptions
{
    /// <summary>The auth token that signs the requests (<c>X-Twilio-Signature</c>), as Twilio signs them with the account's token; <see langword="null"/> sends no signature.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// Where requests for the public URLs really go, e.g. <c>http://127.0.0.1:5000</c>, as through a tunnel or reverse proxy:
    /// requests are signed for the public URL (the one passed to <see cref="FakeTwilioMediaStream.DialAsync"/> or
    /// <see cref="FakeTwilioMediaStream.ConnectAsync"/>, and the TwiML's stream URL) and sent to this address with the same
    /// path and query. <see langword="null"/> (the default) sends them to the public URL itself.
    /// </summary>
    public Uri? Tunnel { get; set; }

    /// <summary>The caller's number (<c>From</c> in the voice webhook), e.g. <c>+14155552671</c>; <see langword="null"/> sends none.</summary>
    public string? From { get; set; }

    /// <summary>The number called (<c>To</c> in the voice webhook).</summary>
    public string To { get; set; } = "+15005550006";

    /// <summary>The call's id (<c>CallSid</c>; Twilio's start with <c>CA</c>).</summary>
    public string CallSid { get; set; } = "CA" + FakeTwilioIds.New();

    /// <summary>The stream's id (<c>streamSid</c>; Twilio's start with <c>MZ</c>).</summary>
    public string StreamSid { get; set; } = "MZ" + FakeTwilioIds.New();

    /// <summary>The account's id (<c>AccountSid</c>; Twilio's start with <c>AC</c>).</summary>
    public string AccountSid { get; set; } = "AC" + FakeTwilioIds.New();

    /// <summary>
    /// The <c>start</c> message's <c>customParameters</c> when connecting with <see cref="FakeTwilioMediaStream.ConnectAsync"/>
    /// (<see cref="FakeTwilioMediaStream.DialAsync"/> takes the <c>&lt;Parameter&gt;</c>s of the TwiML instead, as Twilio does).
    /// </summary>
    public IDictionary<string, string> CustomParameters { get; } = new Dictionary<string, string>();

    /// <summary>The <c>start</c> message's <c>mediaFormat.encoding</c> (Twilio's is always <c>audio/x-mulaw</c>; change it to test a refusal).</summary>
    public string MediaEncoding { get; set; } = "audio/x-mulaw";

    /// <summary>The <c>start</c> message's <c>mediaFormat.sampleRate</c> (always 8000 from Twilio).</summary>
    public int SampleRate { get; set; } = 8000;

    /// <summary>
    /// Whether the stream sends 20 ms of μ-law silence whenever it has no audio of the test's to send (default
    /// <see langword="true"/>): Twilio streams the caller's line for the whole call, silence included.
    /// </summary>
    public bool StreamSilenceWhenIdle { get; set; } = true;

    /// <summary>
    /// Whether every received message and all received audio are kept for assertions (default <see langword="true"/>). A load
    /// driver that holds many long calls turns it off; the counters still count.
    /// </summary>
    public bool RecordMessages { get; set; } = true;
}
