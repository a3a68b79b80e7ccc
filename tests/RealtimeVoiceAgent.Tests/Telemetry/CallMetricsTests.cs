using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Relay;
using RealtimeVoiceAgent.Tools;
using Xunit;
using F = RealtimeVoiceAgent.RealtimeVoiceAgentModelFactory;

namespace RealtimeVoiceAgent.Tests.Telemetry;

// The per-call metrics operators watch: gen_ai.client.token.usage and gen_ai.client.operation.duration per model
// response, voice-to-voice latency per turn, barge-ins and cost per call. Read through a meter factory of the test's own,
// like TelemetryTests.
public sealed class CallMetricsTests : IDisposable
{
    private const string TokenUsage = "gen_ai.client.token.usage";
    private const string OperationDuration = "gen_ai.client.operation.duration";
    private const string VoiceToVoice = "realtime_voice_agent.turn.voice_to_voice";
    private const string BargeIns = "realtime_voice_agent.call.barge_ins";
    private const string Cost = "realtime_voice_agent.call.cost";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Example prices (USD per 1M tokens), for the arithmetic only.
    private static readonly TokenPrices Prices = new()
    {
        TextInput = 4m,
        CachedTextInput = 0.4m,
        AudioInput = 32m,
        CachedAudioInput = 0.4m,
        TextOutput = 16m,
        AudioOutput = 64m,
    };

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public CallMetricsTests()
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
    public async Task RunAsync_SpokenTurnAnsweredAfterAToolCall_RecordsTokensByTypeAndModality_OneLatency_AndTheCost()
    {
        // Arrange: the fake model greets, then answers the caller's turn with a function call and a spoken follow-up.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hi, what's your order number?"))
            .AfterSpeech(turn => turn.Transcript("it is 42").CallFunction("lookup", """{"orderId":"42"}""", callId: "call_lookup").ThenSay("It shipped."));
        var agent = new TestAgent { GreetingText = "Greet.", ToolList = [ToolRegistry.CreateFunction((string orderId) => "shipped " + orderId, "lookup")] };
        await using var relay = TestRelay.Create(model, _ => agent, services => services.AddSingleton(MeterFactory));
        using var tokens = Collect<long>(TokenUsage);
        using var durations = Collect<double>(OperationDuration);
        using var latencies = Collect<double>(VoiceToVoice);
        using var costs = Collect<double>(Cost);
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller, options: new CallRelayOptions { TokenPrices = Prices });
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        await agent.WaitForAsync(h => h.Contains("transcript assistant: Hi, what's your order number?"));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(400)));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(new byte[48_000]));
        await agent.WaitForAsync(h => h.Contains("transcript assistant: It shipped."));
        caller.HangUp();
        await run.WaitAsync(Timeout);

        // Assert: three responses (greeting, function call, follow-up), each with the fake's usage: 90 text and 10 audio
        // input tokens, none cached; output text and audio by what was said.
        CallSummary summary = agent.Summary!;
        var measured = tokens.GetMeasurementSnapshot();
        Assert.All(measured, m =>
        {
            Assert.Equal(("chat", "openai", "gpt-realtime"), ((string?)m.Tags["gen_ai.operation.name"], (string?)m.Tags["gen_ai.provider.name"], (string?)m.Tags["gen_ai.request.model"]));
            Assert.Contains(m.Tags["gen_ai.token.type"], new object?[] { "input", "output" });
        });
        var inputText = measured.Where(m => Tagged(m, "input", "text")).ToList();
        Assert.Equal(3, inputText.Count);
        Assert.All(inputText, m => Assert.Equal((90L, (object?)false), (m.Value, m.Tags["realtime_voice_agent.token.cached"])));
        Assert.Equal([10L, 10L, 10L], measured.Where(m => Tagged(m, "input", "audio")).Select(m => m.Value));
        Assert.Equal(2, measured.Count(m => Tagged(m, "output", "audio"))); // the function call said nothing
        Assert.Equal(summary.InputTokens, measured.Where(m => Equals(m.Tags["gen_ai.token.type"], "input")).Sum(m => m.Value));
        Assert.Equal(summary.OutputTokens, measured.Where(m => Equals(m.Tags["gen_ai.token.type"], "output")).Sum(m => m.Value));
        Assert.Equal(3, durations.GetMeasurementSnapshot().Count);
        Assert.All(durations.GetMeasurementSnapshot(), m => Assert.Equal("completed", m.Tags["realtime_voice_agent.response.status"]));

        // One spoken turn, one latency: the greeting answers no turn, and the function call's response kept the caller waiting.
        CollectedMeasurement<double> latency = Assert.Single(latencies.GetMeasurementSnapshot());
        Assert.InRange(latency.Value, 0, 30);

        // The cost: each part at its price.
        long outputText = measured.Where(m => Tagged(m, "output", "text")).Sum(m => m.Value);
        long outputAudio = measured.Where(m => Tagged(m, "output", "audio")).Sum(m => m.Value);
        decimal expected = ((3 * 90 * 4m) + (3 * 10 * 32m) + (outputText * 16m) + (outputAudio * 64m)) / 1_000_000m;
        Assert.Equal(expected, summary.CostUsd);
        Assert.Equal((double)expected, Assert.Single(costs.GetMeasurementSnapshot()).Value, 12);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Equal((double)expected, (double)span.GetTagItem("realtime_voice_agent.call.cost_usd")!, 12);
        Assert.Equal((summary.InputTokens, summary.OutputTokens), ((long)span.GetTagItem("gen_ai.usage.input_tokens")!, (long)span.GetTagItem("gen_ai.usage.output_tokens")!));
    }

    [Fact]
    public async Task RunAsync_TurnsAndABargeIn_MeasuresEachTurnOnce_CountsTheBargeIn_AndSplitsCachedTokens()
    {
        // Arrange: a provider whose events the test pushes, on a clock the test moves.
        var time = new FakeTimeProvider();
        var model = new ScriptedVoiceModel();
        var agent = new TestAgent();
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), _ => agent, services => services
            .AddSingleton(MeterFactory)
            .AddSingleton<VoiceModelClient>(model)
            .AddSingleton<TimeProvider>(time));
        using var tokens = Collect<long>(TokenUsage);
        using var durations = Collect<double>(OperationDuration);
        using var latencies = Collect<double>(VoiceToVoice);
        using var bargeIns = Collect<long>(BargeIns);
        using var costs = Collect<double>(Cost);
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller, options: new CallRelayOptions { TokenPrices = Prices });
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Turn 1: the caller speaks; 700 ms later the answer's first audio arrives (then more of it); 250 ms later it is done.
        await SpeakAsync(model, caller);
        time.Advance(TimeSpan.FromMilliseconds(700));
        model.Push(F.ResponseCreated(F.Response("resp_1", RealtimeResponseStatus.InProgress)));
        model.Push(F.ResponseOutputAudioDelta("resp_1", "item_1", 0, 0, new byte[4800]));
        model.Push(F.ResponseOutputAudioDelta("resp_1", "item_1", 0, 0, new byte[4800]));
        await NextAudioAsync(caller);
        await NextAudioAsync(caller);
        time.Advance(TimeSpan.FromMilliseconds(250));
        var usage = F.Usage(
            totalTokens: 240, inputTokens: 200, outputTokens: 40, inputTextTokens: 50, inputAudioTokens: 150, inputCachedTokens: 130,
            outputTextTokens: 10, outputAudioTokens: 30, inputCachedTextTokens: 30, inputCachedAudioTokens: 100);
        model.Push(F.ResponseDone(F.Response("resp_1", RealtimeResponseStatus.Completed, usage: usage)));

        // The agent speaks again on its own; the caller talks over it (twice, before the reply is cancelled): one barge-in.
        model.Push(F.ResponseCreated(F.Response("resp_2", RealtimeResponseStatus.InProgress)));
        model.Push(F.ResponseOutputAudioDelta("resp_2", "item_2", 0, 0, new byte[4800]));
        await NextAudioAsync(caller);
        model.Push(F.InputAudioBufferSpeechStarted(0, "item_u2"));
        Assert.Equal("listening", await caller.NextEventTypeAsync());
        model.Push(F.InputAudioBufferSpeechStarted(0, "item_u2"));
        Assert.Equal("listening", await caller.NextEventTypeAsync());
        model.Push(F.ResponseDone(F.Response("resp_2", RealtimeResponseStatus.Cancelled)));

        // Turn 2: answered after 1.2 s; the caller hears all of it, then speaks again: a new turn, not a barge-in.
        model.Push(F.InputAudioBufferSpeechStopped(0, "item_u2"));
        Assert.Equal("processing", await caller.NextEventTypeAsync());
        time.Advance(TimeSpan.FromMilliseconds(1200));
        model.Push(F.ResponseCreated(F.Response("resp_3", RealtimeResponseStatus.InProgress)));
        model.Push(F.ResponseOutputAudioDelta("resp_3", "item_3", 0, 0, new byte[4800]));
        await NextAudioAsync(caller);
        model.Push(F.ResponseDone(F.Response("resp_3", RealtimeResponseStatus.Completed)));
        time.Advance(TimeSpan.FromSeconds(5));
        model.Push(F.InputAudioBufferSpeechStarted(0, "item_u3"));
        Assert.Equal("listening", await caller.NextEventTypeAsync());
        caller.HangUp();
        await run.WaitAsync(Timeout);

        // Assert: one latency per turn, on the relay's clock.
        Assert.Equal([0.7, 1.2], latencies.GetMeasurementSnapshot().Select(m => Math.Round(m.Value, 6)));
        Assert.Equal(1, Assert.Single(bargeIns.GetMeasurementSnapshot()).Value);
        Assert.Equal(1, agent.Summary!.BargeIns);

        // Tokens: cached and uncached apart, adding up to input_tokens / output_tokens; no provider tags for a client
        // the relay does not know.
        var parts = tokens.GetMeasurementSnapshot()
            .Select(m => ((string)m.Tags["gen_ai.token.type"]!, (string?)m.Tags.GetValueOrDefault("realtime_voice_agent.token.modality"), m.Tags.GetValueOrDefault("realtime_voice_agent.token.cached"), m.Value))
            .ToList();
        (string, string?, bool?, long)[] expected =
            [("input", "text", false, 20L), ("input", "text", true, 30L), ("input", "audio", false, 50L), ("input", "audio", true, 100L), ("output", "text", null, 10L), ("output", "audio", null, 30L)];
        Assert.Equal(expected, parts.Select(p => (p.Item1, p.Item2, (bool?)p.Item3, p.Value)));
        Assert.All(tokens.GetMeasurementSnapshot(), m => Assert.False(m.Tags.ContainsKey("gen_ai.provider.name")));

        // Durations: response.created to response.done, by status.
        var responses = durations.GetMeasurementSnapshot();
        Assert.Equal(3, responses.Count);
        Assert.Equal((0.25, "completed"), (Math.Round(responses[0].Value, 6), (string?)responses[0].Tags["realtime_voice_agent.response.status"]));
        Assert.Equal("cancelled", responses[1].Tags["realtime_voice_agent.response.status"]);

        // Cost: 20 x 4 + 30 x 0.4 + 50 x 32 + 100 x 0.4 + 10 x 16 + 30 x 64 = 3812 USD per 1M tokens.
        Assert.Equal(0.003812m, agent.Summary.CostUsd);
        Assert.Equal(0.003812, Assert.Single(costs.GetMeasurementSnapshot()).Value, 12);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Equal(1, span.GetTagItem("realtime_voice_agent.call.barge_ins"));
    }

    [Fact]
    public async Task RunAsync_NoTokenPrices_RecordsNoCost()
    {
        // Arrange
        var model = new ScriptedVoiceModel();
        var agent = new TestAgent();
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), _ => agent, services => services.AddSingleton(MeterFactory).AddSingleton<VoiceModelClient>(model));
        using var costs = Collect<double>(Cost);
        using var bargeIns = Collect<long>(BargeIns);
        var caller = new InMemoryCallerTransport { ReceivesAdditions = true };

        // Act
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        model.Push(F.ResponseCreated(F.Response("resp_1", RealtimeResponseStatus.InProgress)));
        model.Push(F.ResponseDone(F.Response("resp_1", RealtimeResponseStatus.Completed, usage: F.Usage(inputTokens: 10, outputTokens: 5, inputTextTokens: 10, outputTextTokens: 5))));
        // The relay has taken the response.done once the caller is told of it; hanging up sooner could end the call first.
        while (await caller.NextEventTypeAsync() != "response_done")
        {
        }

        caller.HangUp();
        await run.WaitAsync(Timeout);

        // Assert: tokens are counted, nothing is priced; barge-ins are recorded for every call, none here.
        Assert.Equal((10, 5), (agent.Summary!.InputTokens, agent.Summary.OutputTokens));
        Assert.Null(agent.Summary.CostUsd);
        Assert.Empty(costs.GetMeasurementSnapshot());
        Assert.Equal(0, Assert.Single(bargeIns.GetMeasurementSnapshot()).Value);
        Activity span = Assert.Single(_activities, a => (string?)a.GetTagItem("realtime_voice_agent.call.id") == relay.LastCall.CallId);
        Assert.Null(span.GetTagItem("realtime_voice_agent.call.cost_usd"));
    }

    private static bool Tagged(CollectedMeasurement<long> m, string type, string modality) =>
        Equals(m.Tags["gen_ai.token.type"], type) && Equals(m.Tags.GetValueOrDefault("realtime_voice_agent.token.modality"), modality);

    private static async Task SpeakAsync(ScriptedVoiceModel model, InMemoryCallerTransport caller)
    {
        model.Push(F.InputAudioBufferSpeechStarted(0, "item_u1"));
        Assert.Equal("listening", await caller.NextEventTypeAsync());
        model.Push(F.InputAudioBufferSpeechStopped(500, "item_u1"));
        Assert.Equal("processing", await caller.NextEventTypeAsync());
    }

    private static async Task NextAudioAsync(InMemoryCallerTransport caller)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while ((await caller.ToCaller.Reader.ReadAsync(cts.Token)).Audio is null)
        {
        }
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct =>
        new(MeterFactory, RealtimeVoiceAgentDiagnostics.MeterName, instrument);
}
