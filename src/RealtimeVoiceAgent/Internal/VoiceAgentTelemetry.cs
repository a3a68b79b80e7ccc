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
    public const string CostTag = "realtime_voice_agent.call.cost_usd";
    public const string BargeInsTag = "realtime_voice_agent.call.barge_ins";
    public const string OperationNameTag = "gen_ai.operation.name";
    public const string ProviderNameTag = "gen_ai.provider.name";
    public const string RequestModelTag = "gen_ai.request.model";
    public const string TokenTypeTag = "gen_ai.token.type";
    public const string InputTokensTag = "gen_ai.usage.input_tokens";
    public const string OutputTokensTag = "gen_ai.usage.output_tokens";
    public const string TokenModalityTag = "realtime_voice_agent.token.modality";
    public const string TokenCachedTag = "realtime_voice_agent.token.cached";
    public const string ResponseStatusTag = "realtime_voice_agent.response.status";

    // A realtime model response is a chat turn: gen_ai.operation.name's closest well-known value.
    public const string ChatOperation = "chat";

    // Bucket advice: the GenAI semantic conventions' for tokens and operation durations; ours for the rest.
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
    private static readonly double[] OperationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] LatencyBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 30];
    private static readonly long[] BargeInBuckets = [0, 1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50];
    private static readonly double[] CostBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly UpDownCounter<long>? _activeSessions;
    private readonly Histogram<double>? _sessionDuration;
    private readonly UpDownCounter<long>? _activeCalls;
    private readonly Histogram<double>? _callDuration;
    private readonly Histogram<double>? _toolDuration;
    private readonly Histogram<long>? _tokenUsage;
    private readonly Histogram<double>? _operationDuration;
    private readonly Histogram<double>? _voiceToVoice;
    private readonly Histogram<long>? _bargeIns;
    private readonly Histogram<double>? _callCost;
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
        _tokenUsage = meter.CreateHistogram<long>(
            "gen_ai.client.token.usage", "{token}", "Tokens of each model response, by token type (input, output) and modality.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _operationDuration = meter.CreateHistogram<double>(
            "gen_ai.client.operation.duration", "s", "How long model responses took, response.created to response.done.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = OperationBuckets });
        _voiceToVoice = meter.CreateHistogram<double>(
            "realtime_voice_agent.turn.voice_to_voice", "s", "Voice-to-voice latency of each answered turn: the caller's speech stopped to the first audio of the answer.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _bargeIns = meter.CreateHistogram<long>(
            "realtime_voice_agent.call.barge_ins", "{barge_in}", "How often each call's caller interrupted the agent's reply.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = BargeInBuckets });
        _callCost = meter.CreateHistogram<double>(
            "realtime_voice_agent.call.cost", "{USD}", "What each call's model tokens cost, at the configured token prices.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = CostBuckets });
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

    /// <summary>A response's tokens, one measurement per non-empty part (type, modality and, for input, whether cached).</summary>
    public void TokensUsed(in TokenUsageParts parts, string? provider, string? model)
    {
        if (_tokenUsage?.Enabled == true)
        {
            RecordTokens(parts, provider, model);
        }
    }

    public void ResponseDone(TimeSpan duration, string? status, string? errorType, string? provider, string? model)
    {
        if (_operationDuration?.Enabled == true)
        {
            RecordResponse(duration, status, errorType, provider, model);
        }
    }

    public void VoiceToVoice(TimeSpan latency, string? provider, string? model)
    {
        if (_voiceToVoice?.Enabled == true)
        {
            _voiceToVoice.Record(latency.TotalSeconds, ModelTags(provider, model));
        }
    }

    /// <summary>At a call's end: its barge-ins and, when token prices are set, its cost.</summary>
    public void CallTotals(int bargeIns, decimal? costUsd, string? provider, string? model)
    {
        if (_bargeIns?.Enabled == true)
        {
            _bargeIns.Record(bargeIns);
        }

        if (costUsd is { } cost && _callCost?.Enabled == true)
        {
            _callCost.Record((double)cost, ModelTags(provider, model));
        }
    }

    // gen_ai.operation.name, and gen_ai.provider.name and gen_ai.request.model when the model client is RealtimeClient
    // (another provider's client is not known to the relay).
    private static TagList ModelTags(string? provider, string? model)
    {
        var tags = new TagList { { OperationNameTag, ChatOperation } };
        if (provider is not null)
        {
            tags.Add(ProviderNameTag, provider);
        }

        if (model is not null)
        {
            tags.Add(RequestModelTag, model);
        }

        return tags;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordTokens(in TokenUsageParts parts, string? provider, string? model)
    {
        RecordTokens(parts.TextInput, "input", "text", cached: false, provider, model);
        RecordTokens(parts.CachedTextInput, "input", "text", cached: true, provider, model);
        RecordTokens(parts.AudioInput, "input", "audio", cached: false, provider, model);
        RecordTokens(parts.CachedAudioInput, "input", "audio", cached: true, provider, model);
        RecordTokens(parts.OtherInput, "input", modality: null, cached: null, provider, model);
        RecordTokens(parts.TextOutput, "output", "text", cached: null, provider, model);
        RecordTokens(parts.AudioOutput, "output", "audio", cached: null, provider, model);
        RecordTokens(parts.OtherOutput, "output", modality: null, cached: null, provider, model);
    }

    private void RecordTokens(long count, string type, string? modality, bool? cached, string? provider, string? model)
    {
        if (count <= 0)
        {
            return;
        }

        var tags = ModelTags(provider, model);
        tags.Add(TokenTypeTag, type);
        if (modality is not null)
        {
            tags.Add(TokenModalityTag, modality);
        }

        if (cached is { } isCached)
        {
            tags.Add(TokenCachedTag, isCached);
        }

        _tokenUsage!.Record(count, tags);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordResponse(TimeSpan duration, string? status, string? errorType, string? provider, string? model)
    {
        var tags = ModelTags(provider, model);
        if (status is not null)
        {
            tags.Add(ResponseStatusTag, status);
        }

        if (errorType is not null)
        {
            tags.Add(ErrorTypeTag, errorType);
        }

        _operationDuration!.Record(duration.TotalSeconds, tags);
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
