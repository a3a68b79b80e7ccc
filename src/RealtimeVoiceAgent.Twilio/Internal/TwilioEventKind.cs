namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>The <c>event</c> of a message from Twilio's Media Streams.</summary>
internal enum TwilioEventKind
{
    /// <summary>An event this transport has no use for (it is logged and skipped).</summary>
    Unknown,

    /// <summary><c>connected</c>: the first message of a stream.</summary>
    Connected,

    /// <summary><c>start</c>: the stream's ids, media format and custom parameters.</summary>
    Start,

    /// <summary><c>media</c>: 20 ms of the caller's μ-law audio.</summary>
    Media,

    /// <summary><c>mark</c>: the audio sent before a mark of ours has played (or was cleared).</summary>
    Mark,

    /// <summary><c>dtmf</c>: the caller pressed a key.</summary>
    Dtmf,

    /// <summary><c>stop</c>: the stream ended (the caller hung up, or the call moved on).</summary>
    Stop,
}
