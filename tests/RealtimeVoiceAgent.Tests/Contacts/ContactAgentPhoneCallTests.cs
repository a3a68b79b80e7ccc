using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>The contact agent on a phone line: caller ID offered and saved, a number typed on the keypad, and the agent ending the call.</summary>
public sealed class ContactAgentPhoneCallTests
{
    private const string CallerId = "+14155550123";

    [Fact]
    public async Task ContactCall_CallerIdKnown_InstructionsOfferItAndTheSavedContactHasIt()
    {
        // Arrange: the scripted model takes the offered number ("yes"), saves it, says goodbye and ends the call
        var repository = new InMemoryContactRepository();
        var collector = new ContactCollector(repository);
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.CallFunction("save_contact", Args("ada lovelace", "ada at example dot com", CallerId), callId: "call_save"))
            .OnResponseCreate(r => r.Say("Saved. Goodbye!").CallFunction(ContactAgent.EndCallToolName, "{}", callId: "call_end"));
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, collector));
        var caller = new InMemoryCallerTransport(CallerAudioFormat.G711MuLaw) { PhoneNumber = CallerId };

        // Act
        var reason = await relay.Relay.RunAsync(caller).WaitAsync(TimeSpan.FromSeconds(30));
        var received = await caller.ReadToEndAsync();

        // Assert: the instructions name the number and say to offer it; the stored contact has it; the agent ended the call
        var instructions = model.ReceivedEvents.Single(e => e.Type == "session.update").Parse().GetProperty("session").GetProperty("instructions").GetString();
        Assert.Contains("\n- The caller is calling from " + CallerId + ".", instructions, StringComparison.Ordinal);
        Assert.Contains("Is this the best number to reach you?", instructions, StringComparison.Ordinal);
        var contact = Assert.Single(await repository.ListAsync(10));
        Assert.Equal(CallerId, contact.Phone);
        Assert.Contains(received, o => o.Type == ContactAgent.ContactSavedEventType);
        Assert.Equal(CallEndReason.Completed, reason);
    }

    [Fact]
    public async Task ContactCall_PhoneTypedOnTheKeypad_ReachesTheModelAndIsSaved()
    {
        // Arrange: no caller ID; the caller keys in the number when asked
        var repository = new InMemoryContactRepository();
        var collector = new ContactCollector(repository);
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("What is your phone number? You can type it on the keypad."))
            .AfterUserText(turn => turn.CallFunction("save_contact", Args("ada lovelace", "ada at example dot com", "4155550123"), callId: "call_save").ThenSay("Saved."));
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, collector));
        var caller = new InMemoryCallerTransport(CallerAudioFormat.G711MuLaw);
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act
        await caller.TypeAsync("4155550123");
        var saved = await NextEventOfTypeAsync(caller, ContactAgent.ContactSavedEventType);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the model got the digits as a user message; the contact was stored in E.164; no caller ID was offered
        var typed = model.ReceivedEvents.Single(e => e.Type == "conversation.item.create" && e.Json.Contains("input_text", StringComparison.Ordinal));
        Assert.Equal("4155550123", typed.Parse().GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(CallerId, saved.Data!.Value.GetProperty("phone").GetString());
        Assert.Equal(CallerId, Assert.Single(await repository.ListAsync(10)).Phone);
        var instructions = model.ReceivedEvents.Single(e => e.Type == "session.update").Parse().GetProperty("session").GetProperty("instructions").GetString();
        Assert.DoesNotContain("calling from", instructions, StringComparison.Ordinal);
        Assert.Contains("keypad", instructions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TransportNumberNotE164_TheAgentDoesNotGetIt()
    {
        // Arrange: caller ID withheld ("anonymous"), as a phone network may report it
        await using var model = await FakeRealtimeServer.StartAsync();
        CallContext? seen = null;
        await using var relay = TestRelay.Create(model, context =>
        {
            seen = context;
            return new TestAgent();
        });
        var caller = new InMemoryCallerTransport { PhoneNumber = "anonymous" };

        // Act
        var run = relay.Relay.RunAsync(caller);
        await caller.NextEventTypeAsync();
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.NotNull(seen);
        Assert.Null(seen.CallerPhoneNumber);
    }

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+04155550123")]
    [InlineData("+1 415 555 0123")]
    [InlineData("+1234567890123456")]
    public void CallContext_CallerPhoneNumberNotE164_Throws(string number) =>
        Assert.Throws<ArgumentException>(() => new CallContext("call_1", "twilio") { CallerPhoneNumber = number });

    [Fact]
    public async Task ContactAgent_EndCallTool_AsksTheContextToEndTheCall()
    {
        // Arrange
        var context = new CallContext("call_1", "twilio") { CallerPhoneNumber = CallerId };
        var agent = new ContactAgent(context, new ContactCollector(new InMemoryContactRepository()));
        var endCall = agent.Tools.Single(t => t.Name == ContactAgent.EndCallToolName);

        // Act
        await endCall.InvokeAsync(new());

        // Assert
        Assert.True(context.IsEndRequested);
        Assert.Equal(["record_contact_field", "save_contact", "update_contact", "end_call"], agent.Tools.Select(t => t.Name));
    }

    private static string Args(string name, string email, string phone) => JsonSerializer.Serialize(new { name, email, phone });

    private static async Task<CallerEvent> NextEventOfTypeAsync(InMemoryCallerTransport caller, string type)
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
}
