using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

internal sealed partial class VoiceAgentEndpoint
{
    // Event ids 5100-5149 belong to the call endpoint.
    private static partial class Log
    {
        [LoggerMessage(5100, LogLevel.Warning, "Call refused: origin {Origin} is not allowed.")]
        public static partial void OriginRefused(ILogger logger, string origin);

        [LoggerMessage(5101, LogLevel.Warning, "Call refused: {RemoteAddress} exceeded the connection rate limit.")]
        public static partial void RateLimited(ILogger logger, string? remoteAddress);

        [LoggerMessage(5102, LogLevel.Warning, "Call refused: at the limit of {MaxConcurrentCalls} concurrent calls.")]
        public static partial void Busy(ILogger logger, int maxConcurrentCalls);
    }
}
