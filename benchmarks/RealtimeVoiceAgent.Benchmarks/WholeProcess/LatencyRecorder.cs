using System;
using System.Diagnostics;
using System.Threading;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// End-to-end latencies of one direction in the measured window: every sample is kept (in an array sized for the
/// window up front), so p99.9 is exact rather than a histogram bucket. Thread-safe; records only while <see cref="IsRecording"/>.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _ticks;
    private int _count;
    private long _dropped;
    private long _unmarked;
    private volatile bool _recording;

    public LatencyRecorder(int capacity) => _ticks = new long[capacity];

    public bool IsRecording => _recording;

    /// <summary>Samples recorded (at most the capacity).</summary>
    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    /// <summary>Samples that did not fit the array (the window held more messages than planned for).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Audio messages in the window that carried no mark (e.g. split or re-encoded by the relay).</summary>
    public long Unmarked => Interlocked.Read(ref _unmarked);

    public void Start()
    {
        _count = 0;
        _dropped = 0;
        _unmarked = 0;
        _recording = true;
    }

    public void Stop() => _recording = false;

    /// <summary>Records the time from <paramref name="sentTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long sentTimestamp)
    {
        if (!_recording)
        {
            return;
        }

        var elapsed = Stopwatch.GetTimestamp() - sentTimestamp;
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = elapsed;
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void RecordUnmarked()
    {
        if (_recording)
        {
            Interlocked.Increment(ref _unmarked);
        }
    }

    /// <summary>The latencies recorded so far, sorted, in milliseconds (call after <see cref="Stop"/>).</summary>
    public double[] SortedMilliseconds()
    {
        var values = new double[Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _ticks[i] * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(values);
        return values;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of sorted values by the nearest-rank method; NaN when empty.</summary>
    public static double Quantile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
