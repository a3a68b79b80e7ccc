using System;
using System.Collections.Concurrent;
using System.Threading;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Watches calls from outside (integration tests, the load driver): register one as the <see cref="IRelayObserver"/>
/// singleton and every call reports its start and end, and relay latency when histograms are set. Not registered in production.
/// </summary>
internal sealed class CallObserver : IRelayObserver
{
    private readonly ConcurrentQueue<CallSession> _started = new();
    private readonly ConcurrentQueue<CallSession> _ended = new();
    private int _active;
    private int _peakActive;

    public RelayLatencyHistogram? InboundLatency { get; init; }

    public RelayLatencyHistogram? OutboundLatency { get; init; }

    public RelayLatencyHistogram? ModelSendDuration { get; init; }

    /// <summary>Raised after a call ends.</summary>
    public event Action<CallSession>? CallEnded;

    /// <summary>Calls running now.</summary>
    public int ActiveCalls => Volatile.Read(ref _active);

    /// <summary>The most calls that ran at once.</summary>
    public int PeakActiveCalls => Volatile.Read(ref _peakActive);

    /// <summary>Every call that has started, oldest first.</summary>
    public ConcurrentQueue<CallSession> StartedCalls => _started;

    /// <summary>Every call that has ended, oldest first.</summary>
    public ConcurrentQueue<CallSession> EndedCalls => _ended;

    public void OnCallStarted(CallSession call)
    {
        _started.Enqueue(call);
        var active = Interlocked.Increment(ref _active);
        int peak;
        while (active > (peak = Volatile.Read(ref _peakActive)) && Interlocked.CompareExchange(ref _peakActive, active, peak) != peak)
        {
        }
    }

    public void OnCallEnded(CallSession call)
    {
        Interlocked.Decrement(ref _active);
        _ended.Enqueue(call);
        CallEnded?.Invoke(call);
    }
}
