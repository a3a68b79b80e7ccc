using System;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>One reading of the host during a soak: from /proc (RSS, open handles, threads), its GC heap (the startup hook's
/// <c>stats</c>) and the driver's call counts.</summary>
internal readonly record struct SoakSample(
    TimeSpan At,
    int OpenCalls,
    long CallsStarted,
    long CallsEnded,
    long CallsFailed,
    double RssMb,
    int Handles,
    int Threads,
    double HeapMb,
    long Gen2);
