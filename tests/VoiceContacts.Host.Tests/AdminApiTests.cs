using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The operator's API on the real host: a call's record and history, search, paging, erasure, export, limits.</summary>
public sealed class AdminApiTests
{
    private const string Token = "s3cret-admin";
    private static readonly DateTimeOffset s_base = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static Task<HostFixture> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["VoiceContacts:AdminToken"] = Token };
        foreach (var pair in settings ?? [])
        {
            all[pair.Key] = pair.Value;
        }

        return HostFixture.StartAsync(all);
    }

    private static async Task<HttpResponseMessage> SendAsync(HostFixture host, HttpMethod method, string path, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> GetJsonAsync(HostFixture host, string path)
    {
        using var response = await SendAsync(host, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Contact Seeded(int n, string? name = null) => new()
    {
        Id = $"c{n:D3}",
        Name = name ?? $"Person {n:D3}",
        Email = $"person{n}@example.com",
        Phone = $"+1415555{n:D4}",
        RawName = "raw",
        RawEmail = "raw",
        RawPhone = "raw",
        CallId = "seed",
        CreatedAt = s_base.AddMinutes(n),
        UpdatedAt = s_base.AddMinutes(n),
    };

    private static async Task<IContactRepository> SeedAsync(HostFixture host, int count)
    {
        var contacts = host.Services.GetRequiredService<IContactRepository>();
        for (var n = 1; n <= count; n++)
        {
            await contacts.InsertAsync(Seeded(n));
        }

        return contacts;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdminApi_AfterACall_ShowsContactHistoryAndCallThenErasesIt(bool storeTranscripts)
    {
        // Arrange: a call through the fake model saves Ada.
        await using var host = await StartAsync(new()
        {
            ["VoiceContacts:FakeRealtime:Enabled"] = "true",
            ["VoiceContacts:StoreTranscripts"] = storeTranscripts ? "true" : "false",
        });
        await using (var caller = await TestCaller.ConnectAsync(host.CallUri("audio=binary&inputRate=48000&outputRate=48000")))
        {
            await caller.WaitForAsync("ready");
            foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
            {
                await caller.SendBinaryAsync(frame);
            }

            await caller.WaitForAsync("contact_saved");
        }

        // The record is written when the call has ended: wait for it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement calls;
        while ((calls = await GetJsonAsync(host, "/api/calls")).GetProperty("items").GetArrayLength() == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        // Act
        var contact = Assert.Single((await GetJsonAsync(host, "/api/contacts?query=ADA%20L")).GetProperty("items").EnumerateArray());
        var id = contact.GetProperty("id").GetString()!;
        var detail = await GetJsonAsync(host, "/api/contacts/" + id);

        // Assert: the contact, its history (each field set by the call) and the call with its tokens.
        var call = Assert.Single(calls.GetProperty("items").EnumerateArray());
        var callId = call.GetProperty("callId").GetString();
        Assert.Equal("+14152345678", detail.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal(["name", "email", "phone"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("field").GetString()));
        Assert.All(detail.GetProperty("history").EnumerateArray(), h => Assert.Equal(callId, h.GetProperty("callId").GetString()));
        Assert.Equal("ada@example.com", detail.GetProperty("history")[1].GetProperty("newValue").GetString());
        var detailCall = Assert.Single(detail.GetProperty("calls").EnumerateArray());
        Assert.Equal(callId, detailCall.GetProperty("callId").GetString());
        Assert.Equal(id, call.GetProperty("contactId").GetString());
        Assert.Equal("websocket", call.GetProperty("transport").GetString());
        Assert.Equal("CallerClosed", call.GetProperty("endReason").GetString());
        Assert.True(call.GetProperty("inputTokens").GetInt64() >= 100);
        Assert.True(call.GetProperty("outputTokens").GetInt64() > 0);
        Assert.True(call.GetProperty("durationSeconds").GetDouble() > 0);
        var transcript = detailCall.GetProperty("transcript");
        if (storeTranscripts)
        {
            Assert.Contains(transcript.EnumerateArray(), l => l.GetProperty("role").GetString() == "caller" && l.GetProperty("text").GetString()!.Contains("ada lovelace", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(0, transcript.GetArrayLength());
        }

        // Erasure: 204, then 404; the call record stays, without the contact or transcript.
        using (var deleted = await SendAsync(host, HttpMethod.Delete, "/api/contacts/" + id))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var again = await SendAsync(host, HttpMethod.Delete, "/api/contacts/" + id))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using (var gone = await SendAsync(host, HttpMethod.Get, "/api/contacts/" + id))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var kept = Assert.Single((await GetJsonAsync(host, "/api/calls")).GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("contactId").ValueKind);
        var store = host.Services.GetRequiredService<IContactRepository>();
        Assert.Empty(await store.GetTranscriptAsync(callId!));
        Assert.Empty(await store.GetHistoryAsync(id));
        Assert.Contains(host.Logs.Lines, l => l.Contains($"Contact {id} was erased", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => !l.Contains(" Trace ", StringComparison.Ordinal) && l.Contains("ada@example.com", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/contacts")]
    [InlineData("GET", "/api/contacts/c001")]
    [InlineData("DELETE", "/api/contacts/c001")]
    [InlineData("GET", "/api/contacts/export.csv")]
    [InlineData("GET", "/api/calls")]
    public async Task AdminApi_WithoutOrWithWrongToken_Is401AndChangesNothing(string method, string path)
    {
        await using var host = await StartAsync();
        var contacts = await SeedAsync(host, 1);

        using var none = await SendAsync(host, new HttpMethod(method), path, token: null);
        using var wrong = await SendAsync(host, new HttpMethod(method), path, token: Token + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("person1@", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(await contacts.GetAsync("c001"));
    }

    [Theory]
    [InlineData("/api/contacts?limit=0", "limit")]
    [InlineData("/api/contacts?limit=1001", "limit")]
    [InlineData("/api/contacts?limit=ten", "limit")]
    [InlineData("/api/contacts?limit=-5", "limit")]
    [InlineData("/api/calls?limit=5000", "limit")]
    [InlineData("/api/contacts?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/calls?cursor=%21%21", "cursor")]
    public async Task AdminApi_BadPaging_Is400NamingTheParameter(string path, string parameter)
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(parameter + " must", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (parameter == "limit")
        {
            Assert.Contains("from 1 to 1000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AdminApi_QueryTooLong_Is400()
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, HttpMethod.Get, "/api/contacts?query=" + new string('a', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("200 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListContacts_Cursor_WalksEveryContactOnceNewestFirstAndSearchFilters()
    {
        // Arrange
        await using var host = await StartAsync();
        await SeedAsync(host, 25);

        // Act
        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync(host, "/api/contacts?limit=10" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);
        var search = await GetJsonAsync(host, "/api/contacts?query=person%2001&limit=3");

        // Assert
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(n => $"c{n:D3}"), ids);
        Assert.Equal(["c019", "c018", "c017"], search.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.NotEqual(JsonValueKind.Null, search.GetProperty("nextCursor").ValueKind);
        var all = await GetJsonAsync(host, "/api/contacts");
        Assert.Equal(25, all.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Export_Contacts_StreamsRfc4180CsvWithFormulaCellsEscaped()
    {
        // Arrange: names a spreadsheet would run, and one with a comma and quotes.
        await using var host = await StartAsync();
        var contacts = host.Services.GetRequiredService<IContactRepository>();
        await contacts.InsertAsync(Seeded(1, "=HYPERLINK(\"http://x\",\"y\")"));
        await contacts.InsertAsync(Seeded(2, "@SUM(A1)"));
        await contacts.InsertAsync(Seeded(3, "Lovelace, \"Ada\"\nKing"));
        await contacts.InsertAsync(Seeded(4, "-2+3"));
        for (var n = 5; n <= 1003; n++)
        {
            await contacts.InsertAsync(Seeded(n));
        }

        // Act
        using var response = await SendAsync(host, HttpMethod.Get, "/api/contacts/export.csv");
        var csv = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("contacts.csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var rows = csv.Split("\r\n");
        Assert.Equal("id,name,email,phone,phone_extension,created_at,updated_at,call_id", rows[0]);
        Assert.Equal("", rows[^1]);
        Assert.Equal(1 + 1003 + 1, rows.Length); // header, 1003 contacts (one holds a line break), after the last CRLF nothing
        Assert.Equal("c1003,Person 1003,person1003@example.com,'+14155551003,,2026-11-02T00:43:00.0000000+00:00,2026-11-02T00:43:00.0000000+00:00,seed", rows[1]);
        Assert.Contains("c004,'-2+3,person4@example.com,'+14155550004,,", csv, StringComparison.Ordinal);
        Assert.Contains("c003,\"Lovelace, \"\"Ada\"\"\nKing\",person3@example.com,", csv, StringComparison.Ordinal);
        Assert.Contains("c002,'@SUM(A1),", csv, StringComparison.Ordinal);
        Assert.Contains("c001,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",person1@example.com,", csv, StringComparison.Ordinal);
        Assert.Equal(1003, rows.Count(r => r.StartsWith('c')));
    }

    [Fact]
    public async Task Host_UnknownApiPathAndAdminPage_NotTheCallAppsIndex()
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-dist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.html"), "<!doctype html><title>VoiceContacts</title>");
        File.WriteAllText(Path.Combine(folder, "admin.html"), "<!doctype html><title>VoiceContacts admin</title>");
        try
        {
            await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:FrontendPath"] = folder, ["VoiceContacts:AdminToken"] = Token });

            using var unknown = await SendAsync(host, HttpMethod.Get, "/api/nothing/here");
            var admin = await host.Http.GetStringAsync("/admin");
            var adminDeep = await host.Http.GetStringAsync("/admin/contacts/c1");
            var app = await host.Http.GetStringAsync("/calls/123");

            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.DoesNotContain("<title>", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("VoiceContacts admin", admin, StringComparison.Ordinal);
            Assert.Equal(admin, adminDeep);
            Assert.Contains("<title>VoiceContacts</title>", app, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
