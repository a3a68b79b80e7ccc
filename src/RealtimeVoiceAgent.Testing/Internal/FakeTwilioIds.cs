using System;

namespace RealtimeVoiceAgent.Testing.Internal;

// Twilio's ids are a two-letter prefix and 32 hex digits.
internal static class FakeTwilioIds
{
    public static string New() => Guid.NewGuid().ToString("N");
}
