using System;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>One reading of the host during a soak: from /proc (RSS, open handles, threads), its live managed heap after a
/// forced full collection (the startup hook's <c>live</c>) and the driver's call counts.</summary>
internal readonly record struct SoakSample(
    TimeSpan At,
    int OpenCalls,
    long CallsStarted,
    long CallsEnded,
    long CallsFailed,
    double RssMb,
    int Handles,
    int Threads,
    double LiveHeapMb,
    long Gen2);
