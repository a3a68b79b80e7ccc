using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Relay;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Telemetry;

// Metrics are read through a meter factory of the test's own (MetricCollector filters by it), so tests running in
// parallel do not see each other's measurements; activities are told apart by their call or tool-call id.
public sealed class TelemetryTests : IDisposable
{
    private const string ToolDuration = "realtime_voice_agent.tool.duration";

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RealtimeVoiceAgentDiagnostics.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private IMeterFactory MeterFactory => _metrics.GetRequiredService<IMeterFactory>();

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_ToolSucceeds_RecordsItsDurationAndSpanByName()
    {
        // Arrange
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, ToolDuration);
        var registry = new ToolRegistry(null) { Telemetry = new VoiceAgentTelemetry(MeterFactory) };
        registry.Add(() => "pong", "ping");
        string callId = "tool_call_" + Guid.NewGuid().ToString("N");

        // Act
        ToolInvocationResult result = await registry.InvokeAsync(callId, "ping", "{}");

        // Assert
        Assert.True(result.Succeeded);
        CollectedMeasurement<double> duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("ping", duration.Tags["gen_ai.tool.name"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));
        Assert.InRange(duration.Value, 0, 30);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("gen_ai.tool.call.id") == callId);
        Assert.Equal("execute_tool ping", span.DisplayName);
        Assert.Equal("execute_tool", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task InvokeAsync_ToolThrows_TagsTheErrorTypeOnDurationAndSpan()
    {
        // Arrange
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, ToolDuration);
        var registry = new ToolRegistry(null) { Telemetry = new VoiceAgentTelemetry(MeterFactory) };
        registry.Add(string () => throw new InvalidOperationException("store down"), "save");
        string callId = "tool_call_" + Guid.NewGuid().ToString("N");

        // Act
        ToolInvocationResult result = await registry.InvokeAsync(callId, "save", "{}");

        // Assert
        Assert.Equal(ToolErrorCodes.ToolFailed, result.Error?.Code);
        CollectedMeasurement<double> duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal(("save", ToolErrorCodes.ToolFailed), (duration.Tags["gen_ai.tool.name"], duration.Tags["error.type"]));
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("gen_ai.tool.call.id") == callId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(ToolErrorCodes.ToolFailed, span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task InvokeAsync_ToolNameTheModelMadeUp_IsNotATagValue()
    {
        // Arrange: tag values must come from a bounded set; the model can send any name.
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, ToolDuration);
        var registry = new ToolRegistry(null) { Telemetry = new VoiceAgentTelemetry(MeterFactory) };

        string callId = "tool_call_" + Guid.NewGuid().ToString("N");

        // Act
        ToolInvocationResult result = await registry.InvokeAsync(callId, "delete_everything_" + Guid.NewGuid().ToString("N"), "{}");

        // Assert
        Assert.Equal(ToolErrorCodes.UnknownTool, result.Error?.Code);
        CollectedMeasurement<double> duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal(("_OTHER", ToolErrorCodes.UnknownTool), (duration.Tags["gen_ai.tool.name"], duration.Tags["error.type"]));
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("gen_ai.tool.call.id") == callId);
        Assert.Equal(("execute_tool _OTHER", "_OTHER"), (span.DisplayName, span.GetTagItem("gen_ai.tool.name")));
    }

    [Fact]
    public async Task ConnectAndDispose_ModelSession_CountsItOpenThenRecordsHowLongItWas()
    {
        // Arrange
        await using var server = await FakeRealtimeServer.StartAsync();
        using var active = new MetricCollector<long>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.session.active");
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.session.duration");
        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint }) { Telemetry = new VoiceAgentTelemetry(MeterFactory) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act
        RealtimeSession session = await client.ConnectAsync(timeout.Token);
        long openWhileConnected = active.GetMeasurementSnapshot().Sum(m => m.Value);
        await session.DisposeAsync();
        await session.DisposeAsync();

        // Assert: one up while open, back to zero after (a second dispose changes nothing), one duration.
        Assert.Equal(1, openWhileConnected);
        Assert.Equal(0, active.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Single(durations.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task RunAsync_CallerHangsUp_CountsTheCallAndTagsItsEndReason()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        using var active = new MetricCollector<long>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.call.active");
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.call.duration");
        await using var relay = NewRelay(model.Endpoint);
        var caller = new InMemoryCallerTransport();

        // Act
        Task run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        long activeDuringCall = active.GetMeasurementSnapshot().Sum(m => m.Value);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(1, activeDuringCall);
        Assert.Equal(0, active.GetMeasurementSnapshot().Sum(m => m.Value));
        CollectedMeasurement<double> duration = Assert.Single(durations.GetMeasurementSnapshot());
        Assert.Equal("caller_closed", duration.Tags["realtime_voice_agent.call.end_reason"]);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Equal(("realtime_voice_agent.call", ActivityKind.Server, ActivityStatusCode.Unset), (span.OperationName, span.Kind, span.Status));
        Assert.Equal("caller_closed", span.GetTagItem("realtime_voice_agent.call.end_reason"));
    }

    [Fact]
    public async Task RunAsync_AgentEndsTheCall_TagsItCompletedWithoutAnError()
    {
        // Arrange: an agent that ends its call as soon as it starts
        await using var model = await FakeRealtimeServer.StartAsync();
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.call.duration");
        await using var relay = TestRelay.Create(model.Endpoint, context => new TestAgent { OnStarted = context.EndCall }, services => services.AddSingleton(MeterFactory));

        // Act
        CallEndReason reason = await relay.Relay.RunAsync(new InMemoryCallerTransport()).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(CallEndReason.Completed, reason);
        Assert.Equal("completed", Assert.Single(durations.GetMeasurementSnapshot()).Tags["realtime_voice_agent.call.end_reason"]);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Equal(("completed", ActivityStatusCode.Unset), (span.GetTagItem("realtime_voice_agent.call.end_reason"), span.Status));
    }

    [Fact]
    public async Task RunAsync_ModelUnreachable_MarksTheCallSpanAsAnError()
    {
        // Arrange: nothing listens on the model endpoint.
        using var durations = new MetricCollector<double>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.call.duration");
        await using var relay = NewRelay(new Uri("ws://127.0.0.1:1/v1/realtime"));
        var caller = new InMemoryCallerTransport();

        // Act
        CallEndReason reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(CallEndReason.ModelUnavailable, reason);
        Assert.Equal("model_unavailable", Assert.Single(durations.GetMeasurementSnapshot()).Tags["realtime_voice_agent.call.end_reason"]);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task AudioBuffered_CallerThatStopsReading_ShowsItsBacklogUntilTheCallEnds()
    {
        // Arrange: the caller's sends never complete while the model talks, so the call's channel fills up.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("A long speech", TimeSpan.FromMinutes(1)));
        using var buffered = new MetricCollector<long>(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.audio.buffered");
        await using var relay = NewRelay(model.Endpoint, greeting: "Greet.");
        var caller = new InMemoryCallerTransport { SendGate = new TaskCompletionSource() };

        // Act
        Task run = relay.Relay.RunAsync(caller, options: new CallRelayOptions { MaxOutboundBufferBytes = 4 * 1024 * 1024, CloseTimeout = TimeSpan.FromMilliseconds(200) });
        CallSession session = await relay.WaitForCallAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (session.OutboundBufferedBytes < 64 * 1024)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        buffered.RecordObservableInstruments();
        long duringCall = buffered.LastMeasurement!.Value;
        session.End(CallEndReason.ServerShutdown);
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        buffered.RecordObservableInstruments();

        // Assert: at least what had piled up when the test looked; nothing once the call is gone.
        Assert.InRange(duringCall, 64 * 1024, long.MaxValue);
        Assert.Equal(0, buffered.LastMeasurement!.Value);
    }

    private TestRelay NewRelay(Uri modelEndpoint, string? greeting = null) => TestRelay.Create(
        modelEndpoint,
        _ => new TestAgent { GreetingText = greeting },
        services => services.AddSingleton(MeterFactory));

    [Fact]
    public void AddRealtimeVoiceAgent_OneTelemetryForClientAndTools_AndNoneNeededWithoutAMeterFactory()
    {
        // Arrange
        using var withMetrics = new ServiceCollection().AddMetrics().AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://127.0.0.1:9/v1/realtime")).Services.BuildServiceProvider();
        using var withoutMetrics = new ServiceCollection().AddRealtimeVoiceAgent(o => o.Endpoint = new Uri("ws://127.0.0.1:9/v1/realtime")).Services.BuildServiceProvider();
        using var durations = new MetricCollector<double>(withMetrics.GetRequiredService<IMeterFactory>(), RealtimeVoiceAgentDiagnostics.MeterName, ToolDuration);

        // Act
        VoiceAgentTelemetry telemetry = withMetrics.GetRequiredService<VoiceAgentTelemetry>();
        telemetry.ToolInvoked("ping", errorType: null, TimeSpan.FromSeconds(1));
        withoutMetrics.GetRequiredService<VoiceAgentTelemetry>().ToolInvoked("ping", errorType: null, TimeSpan.FromSeconds(1));

        // Assert: the client and each call's tools share the provider's telemetry.
        Assert.Same(telemetry, withMetrics.GetRequiredService<RealtimeClient>().Telemetry);
        Assert.Same(telemetry, withMetrics.GetRequiredService<ToolRegistryFactory>().Create("call_1", []).Telemetry);
        Assert.Single(durations.GetMeasurementSnapshot());
    }
}
