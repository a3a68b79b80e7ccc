using System;
using System.Globalization;
using System.Runtime;
using System.Threading;

#pragma warning disable CA1050 // The runtime looks the startup hook up by this exact name in the global namespace.

/// <summary>
/// Loaded into the sample host by the whole-process benchmark through <c>DOTNET_STARTUP_HOOKS</c> (this assembly's
/// path), so the host's own GC counts can be read without changing the host: a background thread reads the host's
/// stdin and answers each <c>stats</c> line with one <c>STATS key=value …</c> line on stdout (the same command the
/// Node relay answers). It waits in a blocking read, so it costs the host nothing between requests. It touches only
/// the BCL, so nothing else of this assembly is loaded into the host. (latencyMode Interactive: concurrent GC on;
/// Batch: off.)
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var thread = new Thread(AnswerStats) { IsBackground = true, Name = "benchmark stats" };
        thread.Start();
    }

    private static void AnswerStats()
    {
        // Diagnostics only (whole-process --host-allocations): samples the GC's allocation ticks by type; "allocs" prints
        // the top types since the last "allocs" as one STATS line. It slows the host; use it to find allocations, not for figures.
        using var sampler = Environment.GetEnvironmentVariable("BENCHMARK_HOST_ALLOCATIONS") == "1" ? new RealtimeVoiceAgent.Benchmarks.Load.AllocationSampler() : null;
        using var gcs = Environment.GetEnvironmentVariable("BENCHMARK_HOST_GC_REASONS") == "1" ? new RealtimeVoiceAgent.Benchmarks.WholeProcess.GcStartListener() : null;
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            if (line.Trim() == "gcs")
            {
                Console.Out.WriteLine("STATS gcs=" + (gcs?.Drain() ?? "(start the host with BENCHMARK_HOST_GC_REASONS=1)"));
                Console.Out.Flush();
            }
            else if (line.Trim() == "allocs")
            {
                var top = sampler?.Top(30).Replace(Environment.NewLine, "|", StringComparison.Ordinal) ?? "(start the host with BENCHMARK_HOST_ALLOCATIONS=1)";
                sampler?.Reset();
                Console.Out.WriteLine("STATS allocs=" + top.Replace(' ', '_'));
                Console.Out.Flush();
            }
            else if (line.Trim() == "live")
            {
                // The soak's leak check: the managed heap that is still reachable, after a full blocking collection.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"STATS liveBytes={GC.GetTotalMemory(forceFullCollection: false)} gen2={GC.CollectionCount(2)}"));
                Console.Out.Flush();
            }
            else if (line.Trim() == "stats")
            {
                var memory = GC.GetGCMemoryInfo();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"STATS gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} " +
                    $"allocatedBytes={GC.GetTotalAllocatedBytes(precise: false)} heapBytes={memory.HeapSizeBytes} committedBytes={memory.TotalCommittedBytes} " +
                    $"serverGc={GCSettings.IsServerGC} latencyMode={GCSettings.LatencyMode} poolThreads={ThreadPool.ThreadCount}"));
                Console.Out.Flush();
            }
        }
    }
}
