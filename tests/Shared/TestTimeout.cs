using System;
using System.Threading;

namespace RealtimeVoiceAgent.Tests;

/// <summary>A safety net so a broken test fails instead of hanging; never used to assert speed.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Create() => new(TimeSpan.FromSeconds(30));
}
