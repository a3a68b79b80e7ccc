using System;
using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Relay;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>The contact agent's call record: a whole call through the relay and the fake model, stored at the call's end.</summary>
public sealed class ContactAgentCallRecordTests
{
    private const string SaveArguments = """{"name":"ada lovelace","email":"ada at example dot com","phone":"four one five two three four five six seven eight"}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallEnd_ContactSaved_StoresRecordWithContactTokensAndTranscriptOnlyWhenKept(bool storeTranscripts)
    {
        // Arrange: the model greets and saves the contact, then confirms.
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say("Hello! What's your name?").CallFunction("save_contact", SaveArguments))
            .OnResponseCreate(r => r.Say("Saved, thank you."));
        var repository = new InMemoryContactRepository();
        var collector = new ContactCollector(repository, new ContactCollectorOptions { StoreTranscripts = storeTranscripts });
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, collector));
        var caller = new InMemoryCallerTransport { ReceivesAdditions = true };
        var before = DateTimeOffset.UtcNow;

        // Act: wait for the contact and both responses, then hang up.
        var run = relay.Relay.RunAsync(caller);
        var responses = 0;
        string? contactId = null;
        while (responses < 2 || contactId is null)
        {
            var e = await caller.NextEventAsync();
            if (e.Type == CallerEventType.ResponseDone)
            {
                responses++;
            }
            else if (e.Type.ToString() == ContactAgent.ContactSavedEventType)
            {
                contactId = e.Data!.Value.GetProperty("id").GetString();
            }
        }

        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        var call = Assert.Single((await repository.ListCallsAsync(null, 10)).Items);
        Assert.Equal(relay.LastCall.CallId, call.CallId);
        Assert.Equal(contactId, call.ContactId);
        Assert.Equal("in-memory", call.TransportKind);
        Assert.Equal(CallEndReason.CallerClosed, call.EndReason);
        Assert.Equal(200, call.InputTokens); // the fake reports 100 input tokens per response.done
        Assert.True(call.OutputTokens > 0);
        Assert.InRange(call.StartedAt, before.AddSeconds(-1), call.EndedAt);
        Assert.Equal(call.CallId, (await repository.GetHistoryAsync(contactId!)).First().CallId);
        Assert.Equal([call], await repository.ListCallsOfContactAsync(contactId!));
        var transcript = await repository.GetTranscriptAsync(call.CallId);
        if (storeTranscripts)
        {
            Assert.Equal(["Hello! What's your name?", "Saved, thank you."], transcript.Select(l => l.Text));
            Assert.All(transcript, l => Assert.Equal(CallTranscriptRole.Assistant, l.Role));
        }
        else
        {
            Assert.Empty(transcript);
        }
    }

    [Fact]
    public async Task CallEnd_NothingSaved_StoresRecordWithoutContact()
    {
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script.OnResponseCreate(r => r.Say("Hello!"));
        var repository = new InMemoryContactRepository();
        var collector = new ContactCollector(repository);
        await using var relay = TestRelay.Create(model, context => new ContactAgent(context, collector));
        var caller = new InMemoryCallerTransport { ReceivesAdditions = true };

        var run = relay.Relay.RunAsync(caller);
        while ((await caller.NextEventAsync()).Type != CallerEventType.ResponseDone)
        {
        }

        caller.HangUp();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var call = Assert.Single((await repository.ListCallsAsync(null, 10)).Items);
        Assert.Null(call.ContactId);
        Assert.Equal(100, call.InputTokens);
    }
}
