using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// Diagnostics for the host (whole-process <c>--host-gc-reasons</c>): records each GC's generation and reason (the
/// runtime's GCStart event: AllocSmall, Induced, LowMemory, …), to tell why a GC ran in the measured window. Listening
/// costs the host an event dispatch thread, so it is off for the figures.
/// </summary>
internal sealed class GcStartListener : EventListener
{
    private static readonly string[] s_reasons =
    [
        "AllocSmall", "Induced", "LowMemory", "Empty", "AllocLarge", "OutOfSpaceSOH", "OutOfSpaceLOH", "InducedNotForced",
        "Internal", "InducedLowMemory", "InducedCompacting", "LowMemoryHost", "PMFullGC", "LowMemoryHostBlocking",
    ];

    private readonly ConcurrentQueue<string> _gcs = new();

    /// <summary>The GCs since the last call, as "gen2:Induced" entries, and forgets them.</summary>
    public string Drain()
    {
        var entries = new System.Collections.Generic.List<string>();
        while (_gcs.TryDequeue(out var entry))
        {
            entries.Add(entry);
        }

        return entries.Count == 0 ? "none" : string.Join(",", entries.GroupBy(e => e).Select(g => $"{g.Count()}x{g.Key}"));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1); // GC keyword: GCStart/GCEnd
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is { } name && name.StartsWith("GCStart", StringComparison.Ordinal) && eventData.Payload is { } payload && eventData.PayloadNames is { } names)
        {
            var depth = Convert.ToInt32(payload[names.IndexOf("Depth")], System.Globalization.CultureInfo.InvariantCulture);
            var reason = Convert.ToInt32(payload[names.IndexOf("Reason")], System.Globalization.CultureInfo.InvariantCulture);
            _gcs.Enqueue($"gen{depth}:{(reason >= 0 && reason < s_reasons.Length ? s_reasons[reason] : reason.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }
    }
}
