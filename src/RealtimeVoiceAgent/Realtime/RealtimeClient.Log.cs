using System;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent;

/// <content>Log messages of <see cref="RealtimeClient"/>.</content>
public partial class RealtimeClient
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connecting to {Endpoint} ({Provider})", EventName = "Connecting")]
        public static partial void Connecting(ILogger logger, Uri endpoint, RealtimeProvider provider);

        [LoggerMessage(2, LogLevel.Information, "Connected to {Endpoint}", EventName = "Connected")]
        public static partial void Connected(ILogger logger, Uri endpoint);
    }
}
