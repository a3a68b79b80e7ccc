using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>The model connection drops mid-call: the relay reconnects, replays the conversation and the call goes on.</summary>
public sealed class CallRelayReconnectTests
{
    [Fact]
    public async Task RunAsync_ModelDropsWhileTheCallerTalks_ReconnectsWithTheSameConfigurationAndReplaysTheConversation()
    {
        // Arrange: a greeting and one exchange, then a second exchange after the drop
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hello there"))
            .AfterSpeech(turn => turn.Transcript("my name is Ada").Say("Nice to meet you, Ada."))
            .AfterSpeech(turn => turn.Transcript("I like tea").Say("Tea is great."));
        var agent = new TestAgent { GreetingText = "Greet." };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());
        await SpeakAsync(caller);
        await agent.WaitForAsync(h => h.Contains("transcript assistant: Nice to meet you, Ada."));

        // Act: the connection drops while the caller is talking, and the caller keeps talking through the gap
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(200)));
        model.DropConnection();
        for (var i = 0; i < 10; i++)
        {
            await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(20)));
        }

        List<string> seen;
        try
        {
            seen = await EventsUntilAsync(caller, "ready");
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // Say why, and what each model connection got.
            Assert.Fail($"The call ended ({await run}) before ready; the model got {string.Join(", ", model.ReceivedEvents.Select(e => e.Connection + ":" + e.Type + (e.Accepted ? string.Empty : "!" + e.ErrorCode)))}");
            throw;
        }

        await SpeakAsync(caller);
        await agent.WaitForAsync(h => h.Contains("transcript assistant: Tea is great."));
        caller.HangUp();
        var reason = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: reconnecting then ready; the call went on to its end
        Assert.Contains("reconnecting", seen);
        Assert.DoesNotContain("error", seen);
        Assert.Equal(CallEndReason.CallerClosed, reason);
        Assert.Equal(2, model.ConnectionCount);

        // The second session got the same configuration, then the conversation so far as items, and no response request
        // (the caller had heard the whole last reply: the model waits for the caller).
        Assert.Equal(SessionOf(model, connection: 1), SessionOf(model, connection: 2));
        Assert.Equal(
            [("assistant", "output_text", "Hello there"), ("user", "input_text", "my name is Ada"), ("assistant", "output_text", "Nice to meet you, Ada.")],
            ItemsOf(model, connection: 2));
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Connection == 2 && e.Type == "response.create");
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task RunAsync_ModelDropsMidToolCall_ToolRunsOnceAndItsOutputReachesTheNewSession()
    {
        // Arrange: the connection drops after the function call is sent, while the tool runs
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hi"))
            .AfterSpeech(turn => turn.Transcript("save me").ThenSay("Saved.").CallFunction("save", "{}", "call_save").DropConnection());
        var tools = new GatedTools();
        var agent = new TestAgent { GreetingText = "Greet.", ToolList = [tools.Create("save", "call_save")] };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await SpeakAsync(caller);
        await tools.WaitStartedAsync("call_save");
        await EventsUntilAsync(caller, "reconnecting");
        await EventsUntilAsync(caller, "ready");
        tools.Release("call_save");
        await agent.WaitForAsync(h => h.Contains("transcript assistant: Saved."));
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the tool ran once; the new session got the call (replayed), then its output, then the follow-up request
        Assert.Single(tools.StartOrder);
        var second = model.ReceivedEvents.Where(e => e.Connection == 2).Select(Describe).ToList();
        var call = second.IndexOf("function_call call_save");
        var output = second.IndexOf("function_call_output call_save");
        Assert.True(call >= 0 && output > call, string.Join(", ", second));
        Assert.Equal("response.create", second[output + 1]);
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Connection == 1 && Describe(e) == "function_call_output call_save");
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task RunAsync_ModelDropsAfterASave_TheSaveIsNotRepeatedAndAnUpdateChangesTheSameContact()
    {
        // Arrange: the contact agent; the connection drops after the model confirmed the save
        var contacts = new InMemoryContactRepository();
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hi! What's your name?"))
            .AfterSpeech(turn => turn
                .Transcript("ada lovelace, ada at example dot com, four one five five five five two six seven one")
                .CallFunction(ContactCollector.RecordContactFieldToolName, """{"field":"name","value":"ada lovelace"}""", "call_name")
                .Then(r => r.Say("Saving.").CallFunction(ContactCollector.SaveContactToolName, """{"name":"ada lovelace","email":"ada at example dot com","phone":"four one five five five five two six seven one"}""", "call_save"))
                .Then(r => r.Say("Saved.").DropConnection()))
            .AfterSpeech(turn => turn
                .Transcript("my email is ada dot king at example dot com")
                .CallFunction(ContactCollector.UpdateContactToolName, """{"email":"ada dot king at example dot com"}""", "call_update")
                .ThenSay("Updated."));
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, new ContactCollector(contacts)));
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await SpeakAsync(caller);
        var saved = (await NextOfTypeAsync(caller, ContactAgent.ContactSavedEventType)).Data!.Value;
        var seen = await EventsUntilAsync(caller, "ready");
        await SpeakAsync(caller);
        var updated = (await NextOfTypeAsync(caller, ContactAgent.ContactUpdatedEventType)).Data!.Value;
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: one contact, saved once, updated in place
        Assert.Contains("reconnecting", seen);
        Assert.DoesNotContain(ContactAgent.ContactSavedEventType, seen);
        Assert.Equal(saved.GetProperty("id").GetString(), updated.GetProperty("id").GetString());
        var contact = Assert.Single(await contacts.ListAsync(10));
        Assert.Equal("ada.king@example.com", contact.Email);
        // The new session knows the save happened (call and output replayed) and asked for no response of its own.
        var second = model.ReceivedEvents.Where(e => e.Connection == 2).Select(Describe).ToList();
        Assert.Contains("function_call call_save", second);
        Assert.Contains("function_call_output call_save", second);
        Assert.DoesNotContain("response.create", second.TakeWhile(d => d != "function_call_output call_update"));
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task RunAsync_SessionLimitAfterAWholeReply_ReconnectsWithoutRepeatingIt()
    {
        // Arrange: the service's 60-minute cap (session_expired, close 1001) right after the greeting
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Hello there").ExpireSession());
        var agent = new TestAgent { GreetingText = "Greet." };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);

        // Act
        var seen = await EventsUntilAsync(caller, "reconnecting");
        seen.AddRange(await EventsUntilAsync(caller, "ready"));
        await model.WaitForMatchingClientEventAsync(e => e.Connection == 2 && e.Type == "conversation.item.create");
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: no error for the caller, the greeting is replayed as said and not asked for again
        Assert.Equal(["ready", "text", "reconnecting", "ready"], seen.Where(t => t is "ready" or "text" or "reconnecting" or "error"));
        Assert.Equal([("assistant", "output_text", "Hello there")], ItemsOf(model, connection: 2));
        Assert.DoesNotContain(model.ReceivedEvents, e => e.Connection == 2 && e.Type == "response.create");
    }

    [Fact]
    public async Task RunAsync_ModelDropsMidSpeech_AsksForTheCutReplyAgain()
    {
        // Arrange: the greeting's audio is cut by the drop
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.DropConnectionMidSpeech("Hello there, how can I help?", TimeSpan.FromMilliseconds(300)))
            .OnResponseCreate(r => r.Say("Hello there, how can I help?"));
        var agent = new TestAgent { GreetingText = "Greet." };
        await using var relay = TestRelay.Create(model, _ => agent);
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);

        // Act
        await EventsUntilAsync(caller, "reconnecting");
        await EventsUntilAsync(caller, "ready");
        await agent.WaitForAsync(h => h.Contains("transcript assistant: Hello there, how can I help?"));
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the same request again (the greeting's instructions) on the new session
        var again = Assert.Single(model.ReceivedEvents, e => e.Connection == 2 && e.Type == "response.create");
        Assert.Equal("Greet.", again.Parse().GetProperty("response").GetProperty("instructions").GetString());
        Assert.Empty(ItemsOf(model, connection: 2));
    }

    [Fact]
    public async Task RunAsync_ReconnectOff_DropEndsTheCallAsModelDisconnected()
    {
        await using var model = await FakeRealtimeServer.StartAsync();
        await using var relay = TestRelay.Create(model, _ => new TestAgent());
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller, options: new CallRelayOptions { ModelReconnectTimeout = TimeSpan.Zero });
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        model.DropConnection();

        Assert.Equal(CallEndReason.ModelDisconnected, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, model.ConnectionCount);
    }

    private static async Task SpeakAsync(InMemoryCallerTransport caller)
    {
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(400)));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Silence(1000)));
    }

    // The types of the events up to and including the first of type (audio skipped).
    private static async Task<List<string>> EventsUntilAsync(InMemoryCallerTransport caller, string type)
    {
        var types = new List<string>();
        while (true)
        {
            var next = (await caller.NextEventAsync()).Type.ToString();
            types.Add(next);
            if (next == type)
            {
                return types;
            }
        }
    }

    private static async Task<CallerEvent> NextOfTypeAsync(InMemoryCallerTransport caller, string type)
    {
        while (true)
        {
            var next = await caller.NextEventAsync();
            if (next.Type.ToString() == type)
            {
                return next;
            }
        }
    }

    private static string SessionOf(FakeRealtimeServer model, int connection) =>
        model.ReceivedEvents.Single(e => e.Connection == connection && e.Type == "session.update").Parse().GetProperty("session").GetRawText();

    // The messages a connection got as conversation.item.create: role, content type, text.
    private static List<(string, string, string)> ItemsOf(FakeRealtimeServer model, int connection) =>
        model.ReceivedEvents
            .Where(e => e.Connection == connection && e.Type == "conversation.item.create")
            .Select(e => e.Parse().GetProperty("item"))
            .Where(i => i.GetProperty("type").GetString() == "message")
            .Select(i => (i.GetProperty("role").GetString()!, i.GetProperty("content")[0].GetProperty("type").GetString()!, i.GetProperty("content")[0].GetProperty("text").GetString()!))
            .ToList();

    // An event in short: items as "type call_id", anything else as its type.
    private static string Describe(FakeClientEvent e)
    {
        if (e.Type != "conversation.item.create")
        {
            return e.Type;
        }

        JsonElement item = e.Parse().GetProperty("item");
        var type = item.GetProperty("type").GetString();
        return item.TryGetProperty("call_id", out var callId) ? $"{type} {callId.GetString()}" : $"{type} {item.GetProperty("role").GetString()}";
    }
}
