using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>The relay through its public seams: an in-memory caller transport, a test agent and the fake model.</summary>
public sealed class CallRelayTests
{
    [Fact]
    public async Task RunAsync_CallerHangsUp_GreetsThenEndsAndClosesTheModel()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Hello there"));
        await using var relay = TestRelay.Create(model, _ => new TestAgent { GreetingText = "Greet." });
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        var audio = await caller.ToCaller.Reader.ReadAsync();
        caller.HangUp();
        var reason = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal(CallEndReason.CallerClosed, reason);
        Assert.Equal(CallEndReason.CallerClosed, caller.ClosedWith);
        Assert.NotNull(audio.Audio);
        Assert.Single(model.ReceivedEvents, e => e.Type == "session.update");
        var greeting = Assert.Single(model.ReceivedEvents, e => e.Type == "response.create");
        Assert.Equal("Greet.", greeting.Parse().GetProperty("response").GetProperty("instructions").GetString());
    }

    [Fact]
    public async Task RunAsync_AgentWithoutGreeting_SaysReadyAndAsksForNoResponse()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => new TestAgent());
        var caller = new InMemoryCallerTransport();

        // Act: "ready" is sent after session.updated; the session.update before it is the only event the relay sent by then
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Type == "response.create");
    }

    [Fact]
    public async Task RunAsync_AgentSettings_AreTheSessionConfiguration()
    {
        // Arrange: an agent with its own instructions, voice, turn detection, no transcription, and a tool
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => new TestAgent
        {
            InstructionsText = "You check order status.",
            VoiceValue = RealtimeVoice.Marin,
            TurnDetectionValue = RealtimeTurnDetection.ServerVad,
            TranscriptionValue = null,
            ToolList = [ToolRegistry.CreateFunction((string orderId) => "shipped", "get_order_status", "Looks an order up.")],
        });
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        await caller.NextEventTypeAsync();
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        var session = Assert.Single(model.ReceivedEvents, e => e.Type == "session.update").Parse().GetProperty("session");
        Assert.Equal("You check order status.", session.GetProperty("instructions").GetString());
        Assert.Equal("marin", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Equal("server_vad", session.GetProperty("audio").GetProperty("input").GetProperty("turn_detection").GetProperty("type").GetString());
        Assert.False(session.GetProperty("audio").GetProperty("input").TryGetProperty("transcription", out _));
        Assert.Equal("get_order_status", session.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("auto", session.GetProperty("tool_choice").GetString());
    }

    [Fact]
    public async Task RunAsync_CallerStopsReading_EndsAsSlowConsumerWithBoundedBuffer()
    {
        // Arrange: the caller's sends never complete, and the model talks for a minute.
        const int Limit = 32 * 1024;
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("A long speech", TimeSpan.FromMinutes(1)));
        await using var relay = TestRelay.Create(model, _ => new TestAgent { GreetingText = "Greet." });
        var caller = new InMemoryCallerTransport { SendGate = new TaskCompletionSource() };

        // Act
        var reason = await relay.Relay.RunAsync(caller, options: new CallRelayOptions { MaxOutboundBufferBytes = Limit, CloseTimeout = TimeSpan.FromMilliseconds(200) })
            .WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: dropped (no close frame can reach a caller that does not read) with at most one message over the limit.
        Assert.Equal(CallEndReason.SlowConsumer, reason);
        Assert.True(caller.Aborted);
        Assert.InRange(relay.LastCall.PeakOutboundBufferedBytes, 1, Limit + (8 * 1024));
    }

    [Fact]
    public async Task RunAsync_InvalidCallerMessage_AnswersBadMessageAndKeepsRelaying()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => new TestAgent());
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForInvalid("Unknown message type 'nope'."));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(new byte[2400]));

        // Assert
        var error = await caller.NextEventAsync();
        Assert.Equal(("error", "bad_message", "Unknown message type 'nope'."), (error.Type.ToString(), error.Code, error.Text));
        var append = await model.WaitForClientEventAsync("input_audio_buffer.append");
        Assert.True(append.Accepted);
        caller.HangUp();
        Assert.Equal(CallEndReason.CallerClosed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RunAsync_SlowTool_CallerEventsFlowMeanwhileAndOneFollowUpComesAfterTheOutput()
    {
        // Arrange: the greeting response calls a tool that does not answer until the test says so.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("slow", "{}", callId: "call_slow"))
            .OnResponseCreate(r => r.Say("Saved."));
        var tools = new GatedTools();
        await using var relay = TestRelay.Create(model, _ => new TestAgent { GreetingText = "Greet.", ToolList = [tools.Create("slow", "call_slow")] });
        var caller = new InMemoryCallerTransport();

        // Act: while the tool runs, the caller starts speaking.
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        await tools.WaitStartedAsync("call_slow");
        await model.SendEventAsync("""{"type":"input_audio_buffer.speech_started","event_id":"event_speech","audio_start_ms":0,"item_id":"item_user"}""");
        string duringTool = await caller.NextEventTypeAsync();
        bool toolStillRunning = !tools.IsReleased("call_slow");
        tools.Release("call_slow");
        var followUp = await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: "listening" reached the caller while the tool was still running (the model loop did not wait for it),
        // and the follow-up was requested once, after the tool's output.
        Assert.Equal(("listening", true), (duringTool, toolStillRunning));
        AssertOneFollowUpAfterTheOutputOf("call_slow", model, followUp);
    }

    [Fact]
    public async Task RunAsync_TwoToolsInOneResponse_RunInOrderWithOneFollowUpAfterBoth()
    {
        // Arrange: one response calls two tools (a save must finish before an update starts).
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("first", "{}", callId: "call_a").CallFunction("second", "{}", callId: "call_b"))
            .OnResponseCreate(r => r.Say("Done."));
        var tools = new GatedTools();
        await using var relay = TestRelay.Create(model, _ => new TestAgent { GreetingText = "Greet.", ToolList = [tools.Create("first", "call_a"), tools.Create("second", "call_b")] });
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        await tools.WaitStartedAsync("call_a");
        tools.Release("call_a");
        await tools.WaitStartedAsync("call_b");
        tools.Release("call_b");
        var followUp = await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: b started only once a had finished; both outputs before the one follow-up.
        Assert.Equal(["call_a", "call_b"], tools.StartOrder);
        Assert.True(tools.EarlierFinished["call_b"], "call_b started while call_a was still running");
        AssertOneFollowUpAfterTheOutputOf("call_b", model, followUp);
    }

    [Fact]
    public async Task RunAsync_ToolCompletedAndTranscripts_ReachTheAgentsHooksInOrder()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hi, what's your order number?"))
            .AfterSpeech(turn => turn.Transcript("it is 42").CallFunction("lookup", """{"orderId":"42"}""", callId: "call_lookup").ThenSay("It shipped."));
        var agent = new TestAgent { GreetingText = "Greet.", ToolList = [ToolRegistry.CreateFunction((string orderId) => "shipped " + orderId, "lookup")] };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(400)));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(new byte[48_000]));
        await agent.WaitForAsync(h => h.Contains("transcript assistant: It shipped."));
        caller.HangUp();
        var reason = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: started first and ended last; transcript lines in the order they were said (tool hooks run in the tools'
        // own order, beside the transcripts).
        var hooks = agent.Hooks.ToArray();
        Assert.Equal("started", hooks[0]);
        Assert.Equal("ended CallerClosed", hooks[^1]);
        Assert.Equal(
            ["transcript assistant: Hi, what's your order number?", "transcript caller: it is 42", "transcript assistant: It shipped."],
            hooks.Where(h => h.StartsWith("transcript", StringComparison.Ordinal)));
        Assert.Contains("tool lookup ok: shipped 42", hooks);
        Assert.Equal(CallEndReason.CallerClosed, reason);
    }

    [Fact]
    public async Task RunAsync_HookThatThrows_IsLoggedAndTheCallGoesOn()
    {
        // Arrange: the agent's tool hook throws after the output went back
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("lookup", """{"orderId":"1"}""", callId: "call_1"))
            .OnResponseCreate(r => r.Say("Found it."));
        var agent = new TestAgent { GreetingText = "Greet.", ToolList = [ToolRegistry.CreateFunction((string orderId) => "ok", "lookup")], ThrowOnToolCompleted = true };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.HangUp();

        // Assert: the follow-up was still requested and the call ended normally
        Assert.Equal(CallEndReason.CallerClosed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RunAsync_AgentEvent_ReachesTheCallerInOrder()
    {
        // Arrange: the agent tells the caller something when its tool completes
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("lookup", """{"orderId":"7"}""", callId: "call_7"))
            .OnResponseCreate(r => r.Say("Done."));
        await using var relay = TestRelay.Create(model, context => new TestAgent
        {
            GreetingText = "Greet.",
            ToolList = [ToolRegistry.CreateFunction((string orderId) => "ok", "lookup")],
            OnTool = result => context.SendEvent(CallerEvent.Create("order_found", JsonSerializer.SerializeToElement(new { result.CallId }))),
        });
        var caller = new InMemoryCallerTransport();

        // Act
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        var custom = await caller.NextEventAsync();
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal("order_found", custom.Type.ToString());
        Assert.Equal("call_7", custom.Data!.Value.GetProperty("CallId").GetString());
    }

    [Fact]
    public async Task RunAsync_AgentFactoryThrows_TellsTheCallerInternalErrorAndCloses()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => throw new InvalidOperationException("agent bug"));
        var caller = new InMemoryCallerTransport();

        // Act
        var reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: nothing reached the model; the caller got the error, then the close.
        Assert.Equal(CallEndReason.InternalError, reason);
        Assert.Equal(CallEndReason.InternalError, caller.ClosedWith);
        var error = await caller.NextEventAsync();
        Assert.Equal("internal_error", error.Code);
        Assert.Equal(0, model.ConnectionCount);
    }

    [Fact]
    public async Task RunAsync_ModelNotConfigured_EndsAtOnceAsNotConfigured()
    {
        // Arrange: a remote endpoint without an API key
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => new TestAgent(), services =>
            services.Configure<RealtimeClientOptions>(o => o.Endpoint = new Uri("wss://realtime.example.com")));
        var caller = new InMemoryCallerTransport();

        // Act
        var reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.False(relay.Relay.IsModelConfigured);
        Assert.Equal(CallEndReason.NotConfigured, reason);
        Assert.Equal("not_configured", (await caller.NextEventAsync()).Code);
    }

    [Fact]
    public void ResolveAgentName_UnknownOrAmbiguous_ThrowsSayingWhatIsRegistered()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddRealtimeVoiceAgent(o => o.ApiKey = "k")
            .AddAgent((_, _) => new TestAgent(), "orders")
            .AddAgent((_, _) => new TestAgent(), "contacts");
        using var provider = services.BuildServiceProvider();
        var relay = provider.GetRequiredService<CallRelay>();

        // Act
        var unknown = Assert.Throws<InvalidOperationException>(() => relay.ResolveAgentName("billing"));
        var ambiguous = Assert.Throws<InvalidOperationException>(() => relay.ResolveAgentName(null));

        // Assert
        Assert.Equal("orders", relay.ResolveAgentName("orders"));
        Assert.Contains("contacts, orders", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("agent: \"", ambiguous.Message, StringComparison.Ordinal);
    }

    // The tool's function_call_output went to the model before the follow-up response.create, and that is the only
    // response.create after the greeting's.
    private static void AssertOneFollowUpAfterTheOutputOf(string callId, FakeRealtimeServer model, FakeClientEvent followUp)
    {
        var events = model.ReceivedEvents.ToList();
        int output = events.FindIndex(e => e.Type == "conversation.item.create" && e.Json.Contains(callId, StringComparison.Ordinal));
        Assert.InRange(output, 0, events.IndexOf(followUp) - 1);
        Assert.Equal(2, events.Count(e => e.Type == "response.create"));
    }
}
