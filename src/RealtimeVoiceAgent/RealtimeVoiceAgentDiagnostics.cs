namespace RealtimeVoiceAgent;

/// <summary>
/// The names under which RealtimeVoiceAgent publishes traces and metrics. With OpenTelemetry:
/// <c>.WithTracing(t =&gt; t.AddSource(RealtimeVoiceAgentDiagnostics.ActivitySourceName))</c> and
/// <c>.WithMetrics(m =&gt; m.AddMeter(RealtimeVoiceAgentDiagnostics.MeterName))</c>.
/// </summary>
/// <remarks>
/// <para>
/// Activities: <c>realtime_voice_agent.call</c> for each call (tags <c>realtime_voice_agent.call.id</c> and
/// <c>realtime_voice_agent.call.end_reason</c>; status Error when the call ended for a fault) and
/// <c>execute_tool {name}</c> for each tool invocation (the <c>gen_ai.*</c> conventions: <c>gen_ai.operation.name</c>,
/// <c>gen_ai.tool.name</c>, <c>gen_ai.tool.call.id</c>; <c>error.type</c> and status Error when it failed).
/// </para>
/// <para>
/// Instruments (the meter is created through the host's <c>IMeterFactory</c>, so apps built without dependency
/// injection get traces but no metrics): <c>realtime_voice_agent.session.active</c> (<c>{session}</c>) and
/// <c>realtime_voice_agent.session.duration</c> (<c>s</c>) for model sessions; <c>realtime_voice_agent.call.active</c>
/// (<c>{call}</c>) and <c>realtime_voice_agent.call.duration</c> (<c>s</c>, by <c>realtime_voice_agent.call.end_reason</c>)
/// for calls; <c>realtime_voice_agent.tool.duration</c> (<c>s</c>, by <c>gen_ai.tool.name</c> and, for failures,
/// <c>error.type</c>) for tool invocations; <c>realtime_voice_agent.audio.buffered</c> (<c>By</c>) for what callers have
/// not read yet, over all calls. No transcript, argument, email or phone number is ever a tag.
/// </para>
/// </remarks>
public static class RealtimeVoiceAgentDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "RealtimeVoiceAgent";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "RealtimeVoiceAgent";
}
