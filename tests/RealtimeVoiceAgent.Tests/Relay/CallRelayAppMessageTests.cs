using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>
/// The generic seam of a caller's app messages (to the agent) and the agent's system messages (to the model): the relay
/// knows nothing of what they mean, keeps their order, and never cuts the assistant off for them.
/// </summary>
public sealed class CallRelayAppMessageTests
{
    private static CallerInput AppMessage(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return CallerInput.ForAppMessage(document.RootElement.GetProperty("type").GetString()!, document.RootElement.Clone());
    }

    [Fact]
    public async Task RunAsync_AppMessageTheAgentHandles_ReachesTheAgentAndNoError()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        var agent = new TestAgent { AppMessageTypes = ["contact_field_edit"] };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act: the app message, then an invalid message whose error shows the relay has answered everything before it
        await caller.FromCaller.Writer.WriteAsync(AppMessage("""{"type":"contact_field_edit","field":"email","value":"ada@example.com"}"""));
        await agent.WaitForAsync(h => h.Any(l => l.StartsWith("app contact_field_edit", StringComparison.Ordinal)));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForInvalid("marker"));
        var next = await caller.NextEventAsync();
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Contains("""app contact_field_edit: {"type":"contact_field_edit","field":"email","value":"ada@example.com"}""", agent.Hooks);
        Assert.Equal(("bad_message", "marker"), (next.Code, next.Text));
    }

    [Fact]
    public async Task RunAsync_AppMessageNobodyHandles_AnswersBadMessageAndGoesOn()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        var agent = new TestAgent();
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.FromCaller.Writer.WriteAsync(AppMessage("""{"type":"dance","steps":3}"""));
        var error = await caller.NextEventAsync();
        caller.HangUp();

        // Assert: answered as the transport answered an unknown type before app messages existed
        Assert.Equal(("error", "bad_message", "Unknown message type \"dance\"."), (error.Type.ToString(), error.Code, error.Text));
        Assert.Contains("app ignored: dance", agent.Hooks);
        Assert.Equal(CallEndReason.CallerClosed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RunAsync_AgentAddsSystemMessageWhileIdle_AddsSystemItemThenAsksForTheAnswer()
    {
        // Arrange: the agent tells the model what the caller's app message said
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Thanks, I see your email."));
        CallContext? context = null;
        var agent = new TestAgent
        {
            AppMessageTypes = ["contact_field_edit"],
            OnAppMessage = (_, message) => context!.AddSystemMessage("The caller typed their email: " + message.GetProperty("value").GetString(), respond: true),
        };
        await using var relay = TestRelay.Create(model, c => { context = c; return agent; });
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.FromCaller.Writer.WriteAsync(AppMessage("""{"type":"contact_field_edit","field":"email","value":"ada@example.com"}"""));
        var response = await model.WaitForClientEventAsync("response.create");
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: a system message the fake accepted, then one response.create
        var events = model.ReceivedEvents.ToList();
        var item = Assert.Single(events, e => e.Type == "conversation.item.create");
        JsonElement parsed = item.Parse().GetProperty("item");
        Assert.Equal(("message", "system"), (parsed.GetProperty("type").GetString(), parsed.GetProperty("role").GetString()));
        Assert.Equal("The caller typed their email: ada@example.com", parsed.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(events.IndexOf(item) < events.IndexOf(response));
        Assert.All(events, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task RunAsync_AgentAddsSystemMessageDuringAReply_NeitherCancelsNorAsksUntilTheReplyIsDone()
    {
        // Arrange: the greeting stays in progress until the test releases it
        await using var model = await FakeRealtimeServer.StartAsync();
        var release = new TaskCompletionSource();
        model.Script.OnResponseCreate(r => r.Say("Hello, what is your email address?").HoldUntil(release.Task));
        model.Script.OnResponseCreate(r => r.Say("Thanks, I have it."));
        CallContext? context = null;
        await using var relay = TestRelay.Create(model, c => { context = c; return new TestAgent { GreetingText = "Greet." }; });
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        await model.WaitForClientEventAsync("response.create");

        // Act: while the greeting plays
        context!.AddSystemMessage("The caller typed their email: ada@example.com", respond: true);
        await model.WaitForClientEventAsync("conversation.item.create");
        var whileTheGreetingPlayed = model.ReceivedEvents.Select(e => e.Type).ToList();
        release.SetResult();
        await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the message went in at once, nothing cut the greeting off, and the answer came after it
        Assert.Equal(1, whileTheGreetingPlayed.Count(t => t == "response.create"));
        Assert.DoesNotContain("response.cancel", model.ReceivedEvents.Select(e => e.Type));
        Assert.DoesNotContain("conversation.item.truncate", model.ReceivedEvents.Select(e => e.Type));
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task RunAsync_SystemMessagesBeforeReady_AreSentInOrderOnceReadyWithOneAnswer()
    {
        // Arrange: a model the test confirms by hand; the agent speaks up when the call starts
        var model = new ScriptedVoiceModel(confirmsConfiguration: false);
        CallContext? context = null;
        var agent = new TestAgent
        {
            OnStarted = () =>
            {
                context!.AddSystemMessage("first", respond: false);
                context.AddSystemMessage("second", respond: true);
            },
        };
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), c => { context = c; return agent; }, services => services.AddSingleton<VoiceModelClient>(model));
        var caller = new InMemoryCallerTransport();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("configure", await model.Sent.ReadAsync(timeout.Token));

        // Act
        model.ConfirmConfiguration();
        var sent = new[] { await model.Sent.ReadAsync(timeout.Token), await model.Sent.ReadAsync(timeout.Token), await model.Sent.ReadAsync(timeout.Token) };
        caller.HangUp();
        await run.WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(["system first", "system second", "response.create"], sent);
    }

    [Fact]
    public async Task RunAsync_ModelWithoutSystemMessages_DropsTheMessageAndTheCallGoesOn()
    {
        // Arrange: a provider that does not override AddSystemMessageAsync
        var model = new ScriptedVoiceModel(acceptsText: false);
        CallContext? context = null;
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), c => { context = c; return new TestAgent(); }, services => services.AddSingleton<VoiceModelClient>(model));
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        context!.AddSystemMessage("dropped", respond: true);
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForInvalid("still here"));
        var next = await caller.NextEventAsync();
        caller.HangUp();

        // Assert: no response was asked for a message that was not added; the call went on and ended normally
        Assert.Equal("still here", next.Text);
        Assert.Equal(CallEndReason.CallerClosed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("configure", await model.Sent.ReadAsync());
        Assert.False(model.Sent.TryRead(out var more), more);
    }

    [Fact]
    public void ForAppMessage_NotAnObject_Throws()
    {
        using JsonDocument array = JsonDocument.Parse("[1]");

        Assert.Throws<ArgumentException>(() => CallerInput.ForAppMessage("x", array.RootElement));
        Assert.Throws<ArgumentException>(() => CallerInput.ForAppMessage(" ", JsonDocument.Parse("{}").RootElement));
    }

    [Fact]
    public void AddSystemMessage_Empty_Throws()
    {
        var context = new CallContext("call-1", "test");

        Assert.Throws<ArgumentException>(() => context.AddSystemMessage(" "));
    }
}
