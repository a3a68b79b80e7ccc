using System;
using System.Threading;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// A lock-free latency histogram (1 µs buckets up to 1 ms, then 10 µs buckets up to 100 ms) for relay-internal
/// latency: the time a message spends inside the relay between arriving on one side and being handed to the other.
/// Shared by all calls of a load run; recording allocates nothing.
/// </summary>
internal sealed class RelayLatencyHistogram
{
    private const int FineBuckets = 1000;     // 0..999 µs, 1 µs each
    private const int CoarseBuckets = 9900;   // 1 ms..100 ms, 10 µs each
    private readonly long[] _counts = new long[FineBuckets + CoarseBuckets + 1];
    private long _total;

    /// <summary>Number of recorded samples.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records one latency given as a <see cref="TimeProvider"/> timestamp difference.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = (long)latency.TotalMicroseconds;
        var index = micros < FineBuckets ? (int)Math.Max(0, micros)
            : micros < 100_000 ? FineBuckets + (int)((micros - FineBuckets) / 10)
            : _counts.Length - 1;
        Interlocked.Increment(ref _counts[index]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>Clears all samples (to drop the warm-up).</summary>
    public void Reset()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }

        Interlocked.Exchange(ref _total, 0);
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the samples fall (upper edge of the bucket).</summary>
    public TimeSpan GetQuantile(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var target = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target)
            {
                var micros = i < FineBuckets ? i + 1 : i < _counts.Length - 1 ? FineBuckets + ((i - FineBuckets + 1) * 10) : 100_000;
                return TimeSpan.FromMicroseconds(micros);
            }
        }

        return TimeSpan.FromMilliseconds(100);
    }
}
