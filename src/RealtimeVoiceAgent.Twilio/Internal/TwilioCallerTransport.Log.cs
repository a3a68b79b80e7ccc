using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Twilio.Internal;

internal sealed partial class TwilioCallerTransport
{
    // Event ids 5300-5349 belong to the Twilio transport. Nothing the caller said or typed, and no phone number, is logged.
    private static partial class Log
    {
        [LoggerMessage(5300, LogLevel.Information, "Twilio stream {StreamSid} of call {CallSid} started (caller number known: {HasCallerNumber}).")]
        public static partial void StreamStarted(ILogger logger, string callSid, string streamSid, bool hasCallerNumber);

        [LoggerMessage(5301, LogLevel.Warning, "Twilio message skipped: {Reason}. The call goes on.")]
        public static partial void MessageSkipped(ILogger logger, string reason);

        [LoggerMessage(5302, LogLevel.Debug, "Twilio message with event '{Event}' skipped: this transport has no use for it.")]
        public static partial void UnknownEventSkipped(ILogger logger, string @event);

        [LoggerMessage(5303, LogLevel.Information, "Twilio stream stopped: the caller hung up or the call moved on.")]
        public static partial void StreamStopped(ILogger logger);

        [LoggerMessage(5304, LogLevel.Debug, "The caller typed {Keys} key(s) on the keypad.")]
        public static partial void KeypadEntry(ILogger logger, int keys);

        [LoggerMessage(5305, LogLevel.Warning, "Twilio had not played all the audio sent within {TimeoutMs} ms when the call ended; the stream is closed anyway.")]
        public static partial void PlaybackNotDrained(ILogger logger, double timeoutMs);
    }
}
