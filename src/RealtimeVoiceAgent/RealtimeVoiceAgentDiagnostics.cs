namespace RealtimeVoiceAgent;

/// <summary>
/// The names under which RealtimeVoiceAgent publishes traces and metrics. With OpenTelemetry:
/// <c>.WithTracing(t =&gt; t.AddSource(RealtimeVoiceAgentDiagnostics.ActivitySourceName))</c> and
/// <c>.WithMetrics(m =&gt; m.AddMeter(RealtimeVoiceAgentDiagnostics.MeterName))</c>.
/// </summary>
/// <remarks>
/// <para>
/// Activities: <c>realtime_voice_agent.call</c> for each call (tags <c>realtime_voice_agent.call.id</c>,
/// <c>realtime_voice_agent.call.end_reason</c>, <c>gen_ai.usage.input_tokens</c>, <c>gen_ai.usage.output_tokens</c>,
/// <c>realtime_voice_agent.call.barge_ins</c> and, when token prices are set, <c>realtime_voice_agent.call.cost_usd</c>;
/// status Error when the call ended for a fault) and <c>execute_tool {name}</c> for each tool invocation (the
/// <c>gen_ai.*</c> conventions: <c>gen_ai.operation.name</c>, <c>gen_ai.tool.name</c>, <c>gen_ai.tool.call.id</c>;
/// <c>error.type</c> and status Error when it failed).
/// </para>
/// <para>
/// Instruments (the meter is created through the host's <c>IMeterFactory</c>, so apps built without dependency
/// injection get traces but no metrics). GenAI semantic conventions: <c>gen_ai.client.token.usage</c>
/// (<c>{token}</c>, each <c>response.done</c>'s usage in disjoint parts by <c>gen_ai.token.type</c> and our
/// <c>realtime_voice_agent.token.modality</c> and <c>realtime_voice_agent.token.cached</c>) and
/// <c>gen_ai.client.operation.duration</c> (<c>s</c>, <c>response.created</c> to <c>response.done</c>, by
/// <c>realtime_voice_agent.response.status</c> and, for failures, <c>error.type</c>); both with
/// <c>gen_ai.operation.name</c> = <c>chat</c> and, for <see cref="RealtimeClient"/>, <c>gen_ai.provider.name</c> and
/// <c>gen_ai.request.model</c>. Ours: <c>realtime_voice_agent.turn.voice_to_voice</c> (<c>s</c>, caller speech stopped
/// to the first audio of the answer, once per turn); <c>realtime_voice_agent.call.barge_ins</c> (<c>{barge_in}</c>,
/// per call at its end) and <c>realtime_voice_agent.call.cost</c> (<c>{USD}</c>, per call at its end, only with
/// <see cref="Calls.CallRelayOptions.TokenPrices"/> set); <c>realtime_voice_agent.session.active</c>
/// (<c>{session}</c>) and <c>realtime_voice_agent.session.duration</c> (<c>s</c>) for model sessions;
/// <c>realtime_voice_agent.call.active</c> (<c>{call}</c>) and <c>realtime_voice_agent.call.duration</c> (<c>s</c>, by
/// <c>realtime_voice_agent.call.end_reason</c>) for calls; <c>realtime_voice_agent.tool.duration</c> (<c>s</c>, by
/// <c>gen_ai.tool.name</c> and, for failures, <c>error.type</c>) for tool invocations;
/// <c>realtime_voice_agent.audio.buffered</c> (<c>By</c>) for what callers have not read yet, over all calls. No
/// transcript, argument, email or phone number is ever a tag. The full list with every attribute: docs/observability.md.
/// </para>
/// </remarks>
public static class RealtimeVoiceAgentDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "RealtimeVoiceAgent";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "RealtimeVoiceAgent";
}
