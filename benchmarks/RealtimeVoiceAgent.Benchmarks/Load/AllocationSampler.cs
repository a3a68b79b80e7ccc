using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// Diagnostics for the relay process (RELAY_LOAD_ALLOCS=1): samples the runtime's GC allocation ticks (one per ~100 KB
/// allocated) by type, to find what allocates on the relay path.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public void Reset() => _bytesByType.Clear();

    public string Top(int count) => string.Join(
        Environment.NewLine,
        _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => $"  {p.Value / 1024,8} KB  {p.Key}"));

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not null && eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && eventData.Payload is { } payload)
        {
            var index = eventData.PayloadNames!.IndexOf("TypeName");
            var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
            var kindIndex = eventData.PayloadNames.IndexOf("AllocationKind");
            if (index >= 0 && amountIndex >= 0)
            {
                // AllocationKind 1: the large object heap (85,000 bytes and more).
                var large = kindIndex >= 0 && Convert.ToInt32(payload[kindIndex], System.Globalization.CultureInfo.InvariantCulture) == 1;
                _bytesByType.AddOrUpdate((string)payload[index]! + (large ? " (LOH)" : ""), Convert.ToInt64(payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture), (_, v) => v + Convert.ToInt64(payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
