using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The sample host as a user runs it: configuration, the fake-model switch, SQLite, the admin API, health and the SPA.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task Host_WithoutApiKey_StartsWarnsAndAnswersCallsWithNotConfigured()
    {
        await using var host = await HostFixture.StartAsync(new());

        await using var caller = await TestCaller.ConnectAsync(host.CallUri());
        var error = await caller.WaitForAsync("error");

        Assert.Equal("not_configured", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, await caller.WaitForCloseAsync());
        Assert.Contains(host.Logs.Lines, l => l.Contains(" Warning ", StringComparison.Ordinal) && l.Contains("No OpenAI API key", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("open http://127.0.0.1:", StringComparison.Ordinal));
    }

    // The same call on either model protocol, chosen by configuration alone (the fake follows the provider).
    [Theory]
    [InlineData("OpenAI")]
    [InlineData("OpenAILive")]
    public async Task Host_FakeModelSwitch_SavesSpokenContactToSqliteAndAdminApiListsIt(string provider)
    {
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:FakeRealtime:Enabled"] = "true",
            ["VoiceContacts:AdminToken"] = "s3cret-admin",
            ["RealtimeVoiceAgent:Provider"] = provider,
        });
        Assert.Contains(host.Logs.Lines, l => l.Contains(" Warning ", StringComparison.Ordinal) && l.Contains("FAKE model", StringComparison.Ordinal));

        await using (var caller = await TestCaller.ConnectAsync(host.CallUri("audio=binary&inputRate=48000&outputRate=48000")))
        {
            await caller.WaitForAsync("ready");
            Assert.Equal("Hello! I'm the VoiceContacts assistant. What's your full name?", (await caller.WaitForAsync("text")).GetProperty("data").GetString());
            foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
            {
                await caller.SendBinaryAsync(frame);
            }

            var saved = (await caller.WaitForAsync("contact_saved")).GetProperty("data");
            Assert.Equal("Ada Lovelace", saved.GetProperty("name").GetString());
            Assert.Equal("ada@example.com", saved.GetProperty("email").GetString());
            Assert.Equal("+14152345678", saved.GetProperty("phone").GetString());
            Assert.Equal("+1 415-234-5678", saved.GetProperty("phoneDisplay").GetString());

            // The fields reached the caller one by one as the model recorded them (and again with save_contact's arguments),
            // before the save.
            var types = caller.Messages.ConvertAll(m => m.GetProperty("type").GetString());
            var fields = caller.Messages.FindAll(m => m.GetProperty("type").GetString() == "contact_field").ConvertAll(m => m.GetProperty("data"));
            Assert.Equal(["name", "email", "phone", "name", "email", "phone"], fields.ConvertAll(f => f.GetProperty("field").GetString()));
            Assert.Equal(["Ada Lovelace", "ada@example.com", "+1 415-234-5678"], fields.GetRange(0, 3).ConvertAll(f => f.GetProperty("display").GetString()));
            Assert.True(types.LastIndexOf("contact_field") < types.IndexOf("contact_saved"), caller.Describe());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-admin");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var contact = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("ada@example.com", contact.GetProperty("email").GetString());
        // The phone both ways: E.164 as stored, international format as shown.
        Assert.Equal("+14152345678", contact.GetProperty("phone").GetString());
        Assert.Equal("+1 415-234-5678", contact.GetProperty("phoneDisplay").GetString());
        Assert.True(File.Exists(Path.Combine(host.Folder, "contacts.db")));
        // PII stays out of logs below Trace.
        Assert.DoesNotContain(host.Logs.Lines, l => !l.Contains(" Trace ", StringComparison.Ordinal) && (l.Contains("ada@example.com", StringComparison.Ordinal) || l.Contains("+14152345678", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AdminApi_BearerToken_RequiredWhenConfiguredAndApiAbsentOtherwise()
    {
        await using (var host = await HostFixture.StartAsync(new() { ["VoiceContacts:AdminToken"] = "s3cret-admin" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/api/contacts")).StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/contacts");
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-admim");
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(wrong)).StatusCode);
        }

        await using (var host = await HostFixture.StartAsync(new()))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Host_BuiltFrontend_ServesHealthAppAndIndexForClientRoutes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-dist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "assets"));
        File.WriteAllText(Path.Combine(folder, "index.html"), "<!doctype html><title>VoiceContacts</title>");
        File.WriteAllText(Path.Combine(folder, "assets", "app.js"), "console.log('app');");
        try
        {
            await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:FrontendPath"] = folder });

            var health = await host.Http.GetStringAsync("/healthz");
            var index = await host.Http.GetStringAsync("/");
            var script = await host.Http.GetStringAsync("/assets/app.js");
            var deepLink = await host.Http.GetStringAsync("/calls/123");

            Assert.Equal("ok", JsonDocument.Parse(health).RootElement.GetProperty("status").GetString());
            Assert.Contains("<title>VoiceContacts</title>", index, StringComparison.Ordinal);
            Assert.Contains("console.log", script, StringComparison.Ordinal);
            Assert.Equal(index, deepLink);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
