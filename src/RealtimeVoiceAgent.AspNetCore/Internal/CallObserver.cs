using System;
using System.Collections.Concurrent;
using System.Threading;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>
/// Watches calls from outside (integration tests, the load driver): register one as a singleton and the endpoint
/// reports each call's start and end and records relay latency. Not registered in production.
/// </summary>
internal sealed class CallObserver
{
    private readonly ConcurrentQueue<CallSession> _ended = new();
    private int _active;
    private int _peakActive;

    /// <summary>Caller -> model latency inside the relay (null: not measured).</summary>
    public RelayLatencyHistogram? InboundLatency { get; init; }

    /// <summary>Model -> caller latency inside the relay (null: not measured).</summary>
    public RelayLatencyHistogram? OutboundLatency { get; init; }

    /// <summary>Time inside <see cref="RealtimeSession.SendAudioAsync"/> per caller frame: framing and the socket write (null: not measured).</summary>
    public RelayLatencyHistogram? ModelSendDuration { get; init; }

    /// <summary>Raised after a call ends.</summary>
    public event Action<CallSession>? CallEnded;

    /// <summary>Calls running now.</summary>
    public int ActiveCalls => Volatile.Read(ref _active);

    /// <summary>The most calls that ran at once.</summary>
    public int PeakActiveCalls => Volatile.Read(ref _peakActive);

    /// <summary>Every call that has ended, oldest first.</summary>
    public ConcurrentQueue<CallSession> EndedCalls => _ended;

    public void OnCallStarted(CallSession session)
    {
        var active = Interlocked.Increment(ref _active);
        int peak;
        while (active > (peak = Volatile.Read(ref _peakActive)) && Interlocked.CompareExchange(ref _peakActive, active, peak) != peak)
        {
        }
    }

    public void OnCallEnded(CallSession session)
    {
        Interlocked.Decrement(ref _active);
        _ended.Enqueue(session);
        CallEnded?.Invoke(session);
    }
}
