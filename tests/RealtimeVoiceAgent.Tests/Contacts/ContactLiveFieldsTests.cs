using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>
/// The caller's form: each field the model hears reaches the page as <c>contact_field</c>; a field the caller types
/// (<c>contact_field_edit</c>) goes through the same normalizer, is applied and is told to the model.
/// </summary>
public sealed class ContactLiveFieldsTests
{
    private readonly InMemoryContactRepository _repository = new();
    private readonly ConcurrentQueue<CallerEvent> _events = new();
    private readonly ConcurrentQueue<(string Text, bool Respond)> _systemMessages = new();

    private static JsonElement Edit(string field, string value) =>
        JsonSerializer.SerializeToElement(new { type = ContactAgent.ContactFieldEditMessageType, field, value });

    private static CallerInput EditInput(string field, string value) => CallerInput.ForAppMessage(ContactAgent.ContactFieldEditMessageType, Edit(field, value));

    private ContactAgent CreateAgent()
    {
        var context = new CallContext("call-1", "test", sendEvent: _events.Enqueue) { SystemMessageHandler = (text, respond) => _systemMessages.Enqueue((text, respond)) };
        return new ContactAgent(context, new ContactCollector(_repository));
    }

    private List<JsonElement> FieldEvents() =>
        _events.Where(e => e.Type == ContactAgent.ContactFieldEventType).Select(e => e.Data!.Value).ToList();

    [Fact]
    public async Task RecordField_SpokenValidAndInvalid_SendsContactFieldWithValueOrReason()
    {
        // Arrange
        ContactAgent agent = CreateAgent();

        // Act
        await agent.ContactTools.RecordFieldAsync("phone", "four one five, five five five, twenty six seventy one");
        await agent.ContactTools.RecordFieldAsync("email", "james oh seven at example dot com");

        // Assert
        List<JsonElement> fields = FieldEvents();
        Assert.Equal(2, fields.Count);
        Assert.Equal("phone", fields[0].GetProperty("field").GetString());
        Assert.Equal("+14155552671", fields[0].GetProperty("value").GetString());
        Assert.Equal("+1 415-555-2671", fields[0].GetProperty("display").GetString());
        Assert.True(fields[0].GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fields[0].GetProperty("reason").ValueKind);
        Assert.Equal("spoken", fields[0].GetProperty("source").GetString());
        Assert.False(fields[1].GetProperty("valid").GetBoolean());
        Assert.Equal("james oh seven at example dot com", fields[1].GetProperty("raw").GetString());
        Assert.Equal("has 'oh' next to digits, which could be the letter O or the digit zero.", fields[1].GetProperty("reason").GetString());
        Assert.Empty(_systemMessages);
    }

    [Fact]
    public async Task SaveContact_InvalidPhone_FlagsThePhoneWithTheReasonForTheCaller()
    {
        ContactAgent agent = CreateAgent();

        await agent.ContactTools.SaveContactAsync("ada lovelace", "ada at example dot com", "555 012 3456");

        JsonElement phone = FieldEvents().Single(f => f.GetProperty("field").GetString() == "phone");
        Assert.False(phone.GetProperty("valid").GetBoolean());
        Assert.Equal("'+1 555-012-3456' is not a valid US phone number (no such area code or number range).", phone.GetProperty("reason").GetString());
        Assert.Equal(3, FieldEvents().Count);
        Assert.Empty(await _repository.ListAsync(10));
    }

    [Fact]
    public async Task TypedEdit_AfterSave_UpdatesTheStoredContactAndTellsTheModel()
    {
        // Arrange
        ContactAgent agent = CreateAgent();
        await agent.ContactTools.SaveContactAsync("ada lovelace", "ada at example dot com", "415 555 2671");

        // Act
        bool handled = await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("email", " Ada.King@Example.com "), default);

        // Assert: stored, shown, and told to the model (answered after the reply in progress)
        Assert.True(handled);
        Assert.Equal("ada.king@example.com", Assert.Single(await _repository.ListAsync(10)).Email);
        JsonElement typed = FieldEvents().Last();
        Assert.Equal(("email", "ada.king@example.com", "typed", true), (typed.GetProperty("field").GetString(), typed.GetProperty("value").GetString(), typed.GetProperty("source").GetString(), typed.GetProperty("valid").GetBoolean()));
        CallerEvent updated = _events.Last();
        Assert.Equal(ContactAgent.ContactUpdatedEventType, updated.Type.ToString());
        Assert.Equal("ada.king@example.com", updated.Data!.Value.GetProperty("email").GetString());
        (string text, bool respond) = Assert.Single(_systemMessages);
        Assert.True(respond);
        Assert.Contains("The caller typed their email address into the form on their screen: ada.king@example.com", text, StringComparison.Ordinal);
        Assert.Contains("A D A dot K I N G at example dot com", text, StringComparison.Ordinal);
        Assert.Contains("The saved contact was updated with it.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedEdit_Invalid_ShowsTheReasonAndChangesNothing()
    {
        // Arrange
        ContactAgent agent = CreateAgent();
        await agent.ContactTools.SaveContactAsync("ada lovelace", "ada at example dot com", "415 555 2671");
        int eventsBefore = _events.Count;

        // Act
        await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("phone", "555 012 3456"), default);

        // Assert
        JsonElement field = Assert.Single(_events.Skip(eventsBefore)).Data!.Value;
        Assert.Equal(("phone", false, "typed"), (field.GetProperty("field").GetString(), field.GetProperty("valid").GetBoolean(), field.GetProperty("source").GetString()));
        Assert.Contains("not a valid US phone number", field.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("+14155552671", Assert.Single(await _repository.ListAsync(10)).Phone);
        Assert.Empty(_systemMessages);
    }

    [Fact]
    public async Task TypedEdits_AllThreeFields_SaveTheContactByTypingAlone()
    {
        // Arrange
        ContactAgent agent = CreateAgent();

        // Act
        await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("name", "ada lovelace"), default);
        await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("email", "ada@example.com"), default);
        Assert.Empty(await _repository.ListAsync(10));
        await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("phone", "(415) 555-2671"), default);

        // Assert
        Contact contact = Assert.Single(await _repository.ListAsync(10));
        Assert.Equal(("Ada Lovelace", "ada@example.com", "+14155552671"), (contact.Name, contact.Email, contact.Phone));
        Assert.Equal("(415) 555-2671", contact.RawPhone);
        Assert.Contains(_events, e => e.Type == ContactAgent.ContactSavedEventType);
        Assert.Equal(3, _systemMessages.Count);
        Assert.Contains("It is not saved yet", _systemMessages.First().Text, StringComparison.Ordinal);
        Assert.Contains("With it the contact is now saved: Ada Lovelace; email A D A at example dot com; phone four one five, five five five, two six seven one.", _systemMessages.Last().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedEdit_EmailOfAnotherContact_IsRefusedNextToTheField()
    {
        // Arrange: another call saved this email; this call saved its own contact
        await new ContactCollector(_repository).CreateCallTools("call-0").SaveContactAsync("Grace Hopper", "grace@example.com", "415 555 0123");
        ContactAgent agent = CreateAgent();
        await agent.ContactTools.SaveContactAsync("ada lovelace", "ada at example dot com", "415 555 2671");

        // Act
        await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, Edit("email", "grace@example.com"), default);

        // Assert
        JsonElement field = FieldEvents().Last();
        Assert.Equal(("email", false), (field.GetProperty("field").GetString(), field.GetProperty("valid").GetBoolean()));
        Assert.Equal("is already the email of another saved contact.", field.GetProperty("reason").GetString());
        Assert.Contains(await _repository.ListAsync(10), c => c.Email == "ada@example.com");
        Assert.Empty(_systemMessages);
    }

    [Theory]
    [InlineData("""{"type":"contact_field_edit","field":"address","value":"1 Main St"}""")]
    [InlineData("""{"type":"contact_field_edit","field":"email"}""")]
    [InlineData("""{"type":"contact_field_edit","field":"email","value":7}""")]
    [InlineData("""{"type":"contact_field_edit","field":"name","value":"Ada \ud800"}""")]
    [InlineData("""{"type":"contact_field_edit","field":"\udc00","value":"Ada"}""")]
    public async Task TypedEdit_Malformed_AnswersBadMessage(string json)
    {
        ContactAgent agent = CreateAgent();

        bool handled = await agent.OnAppMessageAsync(ContactAgent.ContactFieldEditMessageType, JsonDocument.Parse(json).RootElement, default);

        Assert.True(handled);
        CallerEvent error = Assert.Single(_events);
        Assert.Equal(("error", "bad_message"), (error.Type.ToString(), error.Code));
        Assert.Contains("contact_field_edit", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAppMessage_OtherType_IsNotHandled()
    {
        Assert.False(await CreateAgent().OnAppMessageAsync("dance", JsonDocument.Parse("{}").RootElement, default));
        Assert.Empty(_events);
    }

    [Fact]
    public async Task ContactCall_FieldsHeardLiveThenTypedCorrection_CallerSeesFieldsAndModelIsTold()
    {
        // Arrange: the model records each field as it hears it, then saves; the caller then types a corrected email
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hi! What's your name?"))
            .AfterSpeech(turn => turn
                .Transcript("ada lovelace, ada at example dot com, four one five five five five two six seven one")
                .CallFunction(ContactCollector.RecordContactFieldToolName, """{"field":"name","value":"ada lovelace"}""", "call_name")
                .CallFunction(ContactCollector.RecordContactFieldToolName, """{"field":"email","value":"ada at example dot com"}""", "call_email")
                .CallFunction(ContactCollector.RecordContactFieldToolName, """{"field":"phone","value":"four one five five five five two six seven one"}""", "call_phone")
                .Then(r => r.Say("That's A D A at example dot com and four one five, five five five, two six seven one. Saving.")
                    .CallFunction("save_contact", """{"name":"ada lovelace","email":"ada at example dot com","phone":"four one five five five five two six seven one"}""", "call_save"))
                .ThenSay("Saved."))
            .OnResponseCreate(r => r.Say("Thanks, I've updated your email."));
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, new ContactCollector(_repository)));
        var caller = new InMemoryCallerTransport();
        var run = relay.Relay.RunAsync(caller);
        Assert.Equal("ready", await caller.NextEventTypeAsync());

        // Act: the caller speaks; once saved, types a new email
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Tone(400)));
        await caller.FromCaller.Writer.WriteAsync(CallerInput.ForAudio(TestAudio.Silence(1000)));

        var seen = new List<CallerEvent>();
        seen.AddRange(await EventsUntilAsync(caller, ContactAgent.ContactSavedEventType));
        await caller.FromCaller.Writer.WriteAsync(EditInput("email", "ada.king@example.com"));
        seen.AddRange(await EventsUntilAsync(caller, ContactAgent.ContactUpdatedEventType));
        await model.WaitForClientEventAsync("response.create", occurrence: 4);
        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: the fields arrived one by one before the save, as the model heard them
        var fields = seen.Where(e => e.Type == ContactAgent.ContactFieldEventType).Select(e => e.Data!.Value).ToList();
        Assert.Equal(["name", "email", "phone"], fields.Take(3).Select(f => f.GetProperty("field").GetString()));
        Assert.Equal(["Ada Lovelace", "ada@example.com", "+1 415-555-2671"], fields.Take(3).Select(f => f.GetProperty("display").GetString()));
        int savedAt = seen.FindIndex(e => e.Type == ContactAgent.ContactSavedEventType);
        Assert.True(seen.FindIndex(e => e.Type == ContactAgent.ContactFieldEventType) < savedAt);
        Assert.Equal(("ada.king@example.com", "typed"), (fields.Last().GetProperty("value").GetString(), fields.Last().GetProperty("source").GetString()));
        Assert.Equal("ada.king@example.com", Assert.Single(await _repository.ListAsync(10)).Email);

        // The model got the record_contact_field outputs with their read-backs, then the typed email as a system message.
        var outputs = model.ReceivedEvents.Where(e => e.Type == "conversation.item.create" && e.Json.Contains("function_call_output", StringComparison.Ordinal)).Select(e => e.Json).ToList();
        Assert.Contains(outputs, o => o.Contains("four one five, five five five, two six seven one", StringComparison.Ordinal));
        var system = model.ReceivedEvents.Single(e => e.Type == "conversation.item.create" && e.Json.Contains("\"role\":\"system\"", StringComparison.Ordinal));
        Assert.Contains("ada.king@example.com", system.Parse().GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    private static async Task<List<CallerEvent>> EventsUntilAsync(InMemoryCallerTransport caller, string type)
    {
        var events = new List<CallerEvent>();
        while (true)
        {
            CallerEvent next = await caller.NextEventAsync();
            events.Add(next);
            if (next.Type.ToString() == type)
            {
                return events;
            }
        }
    }
}
