using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>Typed caller input (keypad digits, browser text) through the relay: a user message, then one answer that never cuts the assistant off.</summary>
public sealed class CallRelayTypedInputTests
{
    [Fact]
    public async Task RunAsync_CallerTypesWhileIdle_AddsAUserTextMessageAndAsksForTheAnswer()
    {
        // Arrange
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.AfterUserText(turn => turn.Say("Thanks, I have your number."));
        var agent = new TestAgent();
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.TypeAsync("4155550123");
        var answer = await caller.ToCaller.Reader.ReadAsync();
        await agent.WaitForAsync(h => h.Contains("typed: 4155550123"));
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the text went in as a user message (accepted by the fake's validation), then one response.create
        var events = model.ReceivedEvents.ToList();
        var item = Assert.Single(events, e => e.Type == "conversation.item.create");
        var parsed = item.Parse().GetProperty("item");
        Assert.Equal(("message", "user"), (parsed.GetProperty("type").GetString(), parsed.GetProperty("role").GetString()));
        var part = Assert.Single(parsed.GetProperty("content").EnumerateArray());
        Assert.Equal(("input_text", "4155550123"), (part.GetProperty("type").GetString(), part.GetProperty("text").GetString()));
        var response = Assert.Single(events, e => e.Type == "response.create");
        Assert.True(events.IndexOf(item) < events.IndexOf(response));
        Assert.All(events, e => Assert.True(e.Accepted, e.ToString()));
        Assert.NotNull(answer.Audio);
    }

    [Fact]
    public async Task RunAsync_CallerTypesDuringAReply_AsksForTheAnswerOnlyWhenTheReplyIsDone()
    {
        // Arrange: the greeting stays in progress until the test releases it
        await using var model = await FakeRealtimeServer.StartAsync();
        var release = new TaskCompletionSource();
        model.Script.OnResponseCreate(r => r.Say("Hello, what is your phone number?").HoldUntil(release.Task));
        model.Script.AfterUserText(turn => turn.Say("Got it."));
        await using var relay = TestRelay.Create(model, _ => new TestAgent { GreetingText = "Greet." });
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act: type while the greeting plays, then send audio: the receive loop handles inputs in order, so once the audio
        // reached the model, anything the typed input made the relay send has reached it too
        await caller.TypeAsync("4155550123");
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(new byte[960]));
        await model.WaitForClientEventAsync("input_audio_buffer.append");
        var requestsWhileTheGreetingPlayed = model.ReceivedEvents.Count(e => e.Type == "response.create");
        release.SetResult();
        var answer = await model.WaitForClientEventAsync("response.create", occurrence: 2);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the text was added at once, the answer asked for only after the greeting; the fake rejected nothing
        Assert.Equal(1, requestsWhileTheGreetingPlayed);
        Assert.Single(model.ReceivedEvents, e => e.Type == "conversation.item.create");
        Assert.Equal(2, model.ReceivedEvents.Count(e => e.Type == "response.create"));
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
        Assert.True(answer.Accepted);
    }

    [Fact]
    public async Task RunAsync_TypedBeforeReady_IsHeldAndSentInOrderOnceReady()
    {
        // Arrange: a model the test confirms by hand, so the call is not ready while the caller types
        var model = new ScriptedVoiceModel(confirmsConfiguration: false);
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), _ => new TestAgent(), services => services.AddSingleton<VoiceModelClient>(model));
        var caller = new InMemoryCallerTransport();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("configure", await model.Sent.ReadAsync(timeout.Token));

        // Act: two typed inputs, then an invalid message whose answer shows the receive loop has handled both
        await caller.TypeAsync("415");
        await caller.TypeAsync("5550123");
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForInvalid("nope"));
        Assert.Equal("bad_message", (await caller.NextEventAsync()).Code);
        model.ConfirmConfiguration();
        var sent = new[] { await model.Sent.ReadAsync(timeout.Token), await model.Sent.ReadAsync(timeout.Token), await model.Sent.ReadAsync(timeout.Token) };
        caller.HangUp();
        await run.WaitAsync(timeout.Token);

        // Assert: held in order, sent after ready; one response answers both
        Assert.Equal(["text 415", "text 5550123", "response.create"], sent);
    }

    [Fact]
    public async Task RunAsync_ModelWithoutTextInput_TellsTheCallerAndGoesOn()
    {
        // Arrange: a provider that does not override AddUserTextAsync
        var model = new ScriptedVoiceModel(acceptsText: false);
        await using var relay = TestRelay.Create(new Uri("ws://127.0.0.1:9"), _ => new TestAgent(), services => services.AddSingleton<VoiceModelClient>(model));
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.TypeAsync("hello");
        var error = await caller.NextEventAsync();
        caller.HangUp();

        // Assert
        Assert.Equal(("bad_message", "The AI model of this call does not accept typed input."), (error.Code, error.Text));
        Assert.Equal(CallEndReason.CallerClosed, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ForText_EmptyOrWhiteSpace_Throws(string text) =>
        Assert.Throws<ArgumentException>(() => CallerInput.ForText(text));

    [Fact]
    public void ForText_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => CallerInput.ForText(null!));

    [Fact]
    public void ForText_OverTheLimit_ThrowsNamingTheLimit()
    {
        var error = Assert.Throws<ArgumentException>(() => CallerInput.ForText(new string('1', CallerInput.MaxTextLength + 1)));

        Assert.Contains("2000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForText_AtTheLimit_IsTextInput()
    {
        var input = CallerInput.ForText(new string('1', CallerInput.MaxTextLength));

        Assert.Equal((CallerInputKind.Text, CallerInput.MaxTextLength), (input.Kind, input.Text!.Length));
    }
}
