using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using RealtimeVoiceAgent.AspNetCore.Tests.Infrastructure;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests;

/// <summary>Many calls at once, each with its own model script and contact: nothing leaks between calls.</summary>
public sealed class ConcurrencyTests
{
    private const int Calls = 50;
    private static readonly string[] s_first = ["ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "ken", "dennis", "frances"];
    private static readonly string[] s_last = ["lovelace", "hopper", "turing", "dijkstra", "liskov"];
    private static readonly string[] s_digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    [Fact]
    public async Task Calls_FiftyConcurrent_EachSaveTheirOwnContact()
    {
        // Arrange: one fake model per call; call k greets with "caller k" and saves contact k.
        var models = new List<FakeRealtimeServer>();
        try
        {
            for (var k = 0; k < Calls; k++)
            {
                var model = await FakeRealtimeServer.StartAsync();
                var (name, email, phone) = SpokenContact(k);
                model.Script
                    .OnResponseCreate(r => r.Say($"Hello caller {k}"))
                    .AfterSpeech(turn => turn
                        .Transcript("my details")
                        .CallFunction("save_contact", $"{{\"name\":\"{name}\",\"email\":\"{email}\",\"phone\":\"{phone}\"}}")
                        .ThenSay($"Saved caller {k}"));
                models.Add(model);
            }

            var client = new RoundRobinRealtimeClient(models.ConvertAll(m => new RealtimeClient(new RealtimeClientOptions { Endpoint = m.Endpoint, ApiKey = "test-key" })));
            var contacts = new InMemoryContactRepository();
            await using var host = await RelayTestHost.StartAsync(client, contacts, o =>
            {
                o.MaxConcurrentCalls = Calls;
                o.ConnectionsPerIpPerWindow = 0;
            });

            // Act: all calls at once.
            var results = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => RunCallAsync(host)));

            // Assert: every call got the contact its own model saved, and the store holds exactly those.
            Assert.Equal(Enumerable.Range(0, Calls), results.Select(r => r.K).Order());
            foreach (var (k, saved) in results)
            {
                var (name, email, phone) = ExpectedContact(k);
                Assert.Equal(name, saved.Name);
                Assert.Equal(email, saved.Email);
                Assert.Equal(phone, saved.Phone);
                var stored = await contacts.GetAsync(saved.Id);
                Assert.NotNull(stored);
                Assert.Equal(email, stored.Email);
            }

            Assert.Equal(Calls, (await contacts.ListAsync(1000)).Count);
            Assert.Equal(Calls, results.Select(r => r.Saved.Id).Distinct().Count());
        }
        finally
        {
            foreach (var model in models)
            {
                await model.DisposeAsync();
            }
        }
    }

    private static async Task<(int K, (string Id, string Name, string Email, string Phone) Saved)> RunCallAsync(RelayTestHost host)
    {
        await using var caller = await TestCaller.ConnectAsync(host.CallUri());
        await caller.WaitForAsync("ready");
        var greeting = (await caller.WaitForAsync("text")).GetProperty("data").GetString()!;
        var k = int.Parse(greeting["Hello caller ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }

        var data = (await caller.WaitForAsync("contact_saved")).GetProperty("data");
        Assert.Equal($"Saved caller {k}", (await caller.WaitForAsync("text")).GetProperty("data").GetString());
        return (k, (data.GetProperty("id").GetString()!, data.GetProperty("name").GetString()!, data.GetProperty("email").GetString()!, data.GetProperty("phone").GetString()!));
    }

    private static (string Name, string Email, string Phone) SpokenContact(int k)
    {
        var first = s_first[k % s_first.Length];
        var last = s_last[k / s_first.Length];
        // 415 234 56xx: a valid US number per call.
        var phone = "four one five two three four five six " + s_digits[k / 10] + " " + s_digits[k % 10];
        return ($"{first} {last}", $"{first} dot {last} at example dot com", phone);
    }

    private static (string Name, string Email, string Phone) ExpectedContact(int k)
    {
        var first = s_first[k % s_first.Length];
        var last = s_last[k / s_first.Length];
        return (
            $"{char.ToUpperInvariant(first[0])}{first[1..]} {char.ToUpperInvariant(last[0])}{last[1..]}",
            $"{first}.{last}@example.com",
            $"+141523456{k:00}");
    }
}
