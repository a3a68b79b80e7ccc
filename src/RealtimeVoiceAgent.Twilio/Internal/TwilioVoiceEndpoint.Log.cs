using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Twilio.Internal;

internal sealed partial class TwilioVoiceEndpoint
{
    // Event ids 5350-5399 belong to the Twilio routes. The auth token and phone numbers are never logged.
    private static partial class Log
    {
        [LoggerMessage(5350, LogLevel.Warning, "Twilio request to {Path} refused with 403: {Reason}.")]
        public static partial void RequestRefused(ILogger logger, string path, string reason);

        [LoggerMessage(5351, LogLevel.Warning, "Twilio media stream refused: {Reason}.")]
        public static partial void StreamRefused(ILogger logger, string reason);

        [LoggerMessage(5352, LogLevel.Warning, "Phone call refused: at the limit of {MaxConcurrentCalls} concurrent calls.")]
        public static partial void Busy(ILogger logger, int maxConcurrentCalls);
    }
}
