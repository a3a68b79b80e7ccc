using System;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>Managed memory after a full, compacting collection: what a fuzz run may grow by is bounded.</summary>
internal static class FuzzMemory
{
    /// <summary>How much the managed heap may grow over a whole fuzz run after its warm-up call; a leak of a few KB per call shows after a few thousand calls (VOICECONTACTS_FUZZ_ITERATIONS).</summary>
    public const long AllowedGrowthBytes = 32L * 1024 * 1024;

    public static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
