using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Sqlite;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tools;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>A scripted call against the FakeRealtimeServer: the model's tool calls reach a real SQLite store.</summary>
public sealed class ContactCallScenarioTests : IDisposable
{
    private const string SpokenPhone = "four one five five five five oh one two three";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rva-call-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ContactCall_InvalidEmailThenCorrection_SavesAfterRejectionThenAppliesCorrection()
    {
        // Arrange: a real SQLite file, the contact collector, and a fake model that calls the tools in turn.
        using CancellationTokenSource timeout = TestTimeout.Create();
        CancellationToken ct = timeout.Token;
        var repository = new SqliteContactRepository($"Data Source={Path.Combine(_directory, "contacts.db")}");
        var collector = new ContactCollector(repository);
        ToolRegistry tools = new ToolRegistryFactory([]).Create("call-ada", collector.CreateCallTools("call-ada").Functions);

        await using FakeRealtimeServer server = await FakeRealtimeServer.StartAsync(ct);
        server.Script
            .OnResponseCreate(r => r
                .Say("Thanks. Saving your contact now.")
                .CallFunction("save_contact", Args("ada lovelace", "ada at example", SpokenPhone), "call_bad_email"))
            .OnResponseCreate(r => r
                .Say("Sorry, what is the end of your email address?")
                .CallFunction("save_contact", Args("ada lovelace", "ada at example dot com", SpokenPhone), "call_save"))
            .OnResponseCreate(r => r.CallFunction("update_contact", """{"email":"ada dot lovelace at example dot org"}""", "call_fix"))
            .OnResponseCreate(r => r.Say("Done, your contact is saved with the corrected email."));

        var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint });
        await using RealtimeSession session = await client.ConnectAsync(ct);
        await using var events = new EventReader(session, ct);
        await events.NextAsync<RealtimeServerEventSessionCreated>();
        var configuration = new RealtimeSessionConfiguration { Instructions = collector.Instructions };
        foreach (RealtimeToolDefinition definition in tools.Definitions)
        {
            configuration.Tools.Add(definition);
        }

        await session.ConfigureAsync(configuration, ct);
        await events.NextAsync<RealtimeServerEventSessionUpdated>();

        // Act: what the relay does: run each function call, answer it, ask for the next response, notify the browser.
        var results = new List<ToolInvocationResult>();
        var storedAfterEachCall = new List<int>();
        var browserMessages = new List<(string Type, Contact Contact)>();
        await session.CreateResponseAsync(cancellationToken: ct);
        while (true)
        {
            var pending = new List<ToolInvocationResult>();
            RealtimeServerEvent e;
            while ((e = await events.NextAnyAsync()) is not RealtimeServerEventResponseDone)
            {
                if (e is RealtimeServerEventResponseOutputItemDone { Item: { } item } && item.Type == RealtimeItemType.FunctionCall)
                {
                    ToolInvocationResult result = await tools.InvokeAsync(item.CallId!, item.Name!, item.Arguments, ct);
                    pending.Add(result);
                    storedAfterEachCall.Add((await repository.ListAsync(10, ct)).Count);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            foreach (ToolInvocationResult result in pending)
            {
                await session.SendFunctionCallOutputAsync(result.CallId, result.Output, ct);
                if (result.Value is ContactStored stored)
                {
                    browserMessages.Add((stored.Action == ContactStoreAction.Saved ? "contact_saved" : "contact_updated", stored.Contact));
                }
            }

            results.AddRange(pending);
            await session.CreateResponseAsync(cancellationToken: ct);
        }

        // Assert: the invalid email was returned to the model as a tool error naming the field, and nothing was stored.
        Assert.Equal(["call_bad_email", "call_save", "call_fix"], results.Select(r => r.CallId));
        Assert.Equal([0, 1, 1], storedAfterEachCall);
        JsonElement rejected = Output(server, "call_bad_email");
        Assert.False(rejected.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_field", rejected.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("email", rejected.GetProperty("error").GetProperty("field").GetString());
        Assert.StartsWith("email: ", rejected.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        // the spoken contact was saved once, normalized, and the model was told what was stored
        JsonElement saved = Output(server, "call_save");
        Assert.True(saved.GetProperty("ok").GetBoolean());
        Assert.Equal("ada@example.com", saved.GetProperty("result").GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("+14155550123", saved.GetProperty("result").GetProperty("contact").GetProperty("phone").GetString());

        // the correction was applied to the same contact
        Assert.True(Output(server, "call_fix").GetProperty("ok").GetBoolean());
        Contact contact = Assert.Single(await repository.ListAsync(10, ct));
        Assert.Equal("Ada Lovelace", contact.Name);
        Assert.Equal("ada.lovelace@example.org", contact.Email);
        Assert.Equal("ada dot lovelace at example dot org", contact.RawEmail);
        Assert.Equal("+14155550123", contact.Phone);
        Assert.Equal(SpokenPhone, contact.RawPhone);
        Assert.Equal("call-ada", contact.CallId);

        // the browser would get contact_saved then contact_updated with the stored contact
        Assert.Equal(["contact_saved", "contact_updated"], browserMessages.Select(m => m.Type));
        Assert.Equal("ada@example.com", browserMessages[0].Contact.Email);
        Assert.Equal(contact, browserMessages[1].Contact);

        // the model said it was saved only after the tool succeeded, and the fake accepted every event we sent
        Assert.EndsWith("Done, your contact is saved with the corrected email.|", events.Transcripts.ToString(), StringComparison.Ordinal);
        Assert.All(server.ReceivedEvents, r => Assert.True(r.Accepted, r.ToString()));
        JsonElement sessionUpdate = server.ReceivedEvents.First(r => r.Type == "session.update").Parse();
        Assert.Equal(
            ["record_contact_field", "save_contact", "update_contact"],
            sessionUpdate.GetProperty("session").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    private static string Args(string name, string email, string phone) => JsonSerializer.Serialize(new { name, email, phone });

    private static JsonElement Output(FakeRealtimeServer server, string callId)
    {
        FakeClientEvent created = server.ReceivedEvents.Single(r =>
            r.Type == "conversation.item.create" && r.Parse().GetProperty("item").GetProperty("call_id").GetString() == callId);
        string output = created.Parse().GetProperty("item").GetProperty("output").GetString()!;
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
