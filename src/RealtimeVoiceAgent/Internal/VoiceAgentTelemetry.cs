using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Internal;

/// <summary>
/// The activity source and the instruments named in <see cref="RealtimeVoiceAgentDiagnostics"/>. One per service
/// provider (registered by <c>AddRealtimeVoiceAgent</c>); without an <see cref="IMeterFactory"/> there are no
/// instruments, and every recording is skipped when nobody listens.
/// </summary>
internal sealed class VoiceAgentTelemetry
{
    public const string CallActivityName = "realtime_voice_agent.call";
    public const string CallIdTag = "realtime_voice_agent.call.id";
    public const string EndReasonTag = "realtime_voice_agent.call.end_reason";
    public const string ToolNameTag = "gen_ai.tool.name";
    public const string ErrorTypeTag = "error.type";

    private readonly UpDownCounter<long>? _activeSessions;
    private readonly Histogram<double>? _sessionDuration;
    private readonly UpDownCounter<long>? _activeCalls;
    private readonly Histogram<double>? _callDuration;
    private readonly Histogram<double>? _toolDuration;
    // The calls in progress, read only when a listener collects realtime_voice_agent.audio.buffered (nothing per frame).
    private readonly ConcurrentDictionary<CallSession, byte>? _liveCalls;

    public VoiceAgentTelemetry(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            return;
        }

        Meter meter = meterFactory.Create(RealtimeVoiceAgentDiagnostics.MeterName);
        _activeSessions = meter.CreateUpDownCounter<long>("realtime_voice_agent.session.active", "{session}", "Model sessions open.");
        _sessionDuration = meter.CreateHistogram<double>("realtime_voice_agent.session.duration", "s", "How long model sessions stayed open.");
        _activeCalls = meter.CreateUpDownCounter<long>("realtime_voice_agent.call.active", "{call}", "Calls in progress.");
        _callDuration = meter.CreateHistogram<double>("realtime_voice_agent.call.duration", "s", "How long calls lasted, by why they ended.");
        _toolDuration = meter.CreateHistogram<double>("realtime_voice_agent.tool.duration", "s", "How long tool invocations took, by tool and error.");
        _liveCalls = new ConcurrentDictionary<CallSession, byte>();
        meter.CreateObservableUpDownCounter("realtime_voice_agent.audio.buffered", SumBufferedBytes, "By", "Bytes (mostly audio) waiting for callers to read them, over all calls.");
    }

    /// <summary>Traces calls and tool invocations; static, so traces need no service provider.</summary>
    public static ActivitySource ActivitySource { get; } = new(RealtimeVoiceAgentDiagnostics.ActivitySourceName);

    // The up-down counters take no tags, so they are always updated: nothing happens without a listener, and a listener
    // that subscribes mid-call sees the end. Tag lists are built only when their instrument is enabled (Kestrel's shape).
    public void SessionOpened() => _activeSessions?.Add(1);

    public void SessionClosed(TimeSpan duration)
    {
        _activeSessions?.Add(-1);

        if (_sessionDuration?.Enabled == true)
        {
            _sessionDuration.Record(duration.TotalSeconds);
        }
    }

    public void CallStarted(CallSession call)
    {
        _activeCalls?.Add(1);
        _liveCalls?.TryAdd(call, 0);
    }

    public void CallEnded(CallSession call, string endReason, TimeSpan duration)
    {
        _activeCalls?.Add(-1);
        _liveCalls?.TryRemove(call, out _);

        if (_callDuration?.Enabled == true)
        {
            RecordCallDuration(endReason, duration);
        }
    }

    public void ToolInvoked(string toolName, string? errorType, TimeSpan duration)
    {
        if (_toolDuration?.Enabled == true)
        {
            RecordToolDuration(toolName, errorType, duration);
        }
    }

    private long SumBufferedBytes()
    {
        long total = 0;
        foreach (var call in _liveCalls!.Keys)
        {
            total += call.OutboundBufferedBytes;
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordCallDuration(string endReason, TimeSpan duration) =>
        _callDuration!.Record(duration.TotalSeconds, new TagList { { EndReasonTag, endReason } });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordToolDuration(string toolName, string? errorType, TimeSpan duration)
    {
        var tags = new TagList { { ToolNameTag, toolName } };
        if (errorType is not null)
        {
            tags.Add(ErrorTypeTag, errorType);
        }

        _toolDuration!.Record(duration.TotalSeconds, tags);
    }
}
