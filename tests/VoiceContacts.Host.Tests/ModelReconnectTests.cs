using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>
/// The model connection fails mid-call in the real host process (built DLL, its embedded fake model scripted with
/// VoiceContacts:FakeRealtime:Fault): the call goes on on a new model session and the contact state is kept.
/// </summary>
public sealed class ModelReconnectTests
{
    private const string AdminToken = "s3cret-admin";
    private static readonly TimeSpan s_safetyTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("DropAfterSave")]
    [InlineData("SessionLimit")]
    public async Task HostProcess_ModelDropsAfterSave_ReconnectsAndTheCorrectionUpdatesTheSameContact(string fault)
    {
        await using var host = await HostProcess.StartAsync(fault);

        await using var caller = await TestCaller.ConnectAsync(host.CallUri);
        await caller.WaitForAsync("ready");
        await SpeakAsync(caller);
        var saved = (await caller.WaitForAsync("contact_saved")).GetProperty("data");

        // The connection fails after the confirmation: the caller hears of it, then the call is back.
        await caller.WaitForAsync("reconnecting");
        await caller.WaitForAsync("ready");

        // The caller corrects the email: the contact saved before the drop is updated, not saved again.
        await SpeakAsync(caller);
        var updated = (await caller.WaitForAsync("contact_updated")).GetProperty("data");
        Assert.Equal(saved.GetProperty("id").GetString(), updated.GetProperty("id").GetString());
        Assert.Equal("ada@example.org", updated.GetProperty("email").GetString());
        Assert.Single(caller.Messages, m => m.GetProperty("type").GetString() == "contact_saved");
        Assert.DoesNotContain(caller.Messages, m => m.GetProperty("type").GetString() == "error");

        var contact = Assert.Single(await host.ListContactsAsync());
        Assert.Equal("ada@example.org", contact.GetProperty("email").GetString());
        Assert.Contains("Model session back after", host.Output, StringComparison.Ordinal);
        // No PII in the reconnect logs (they are below Trace).
        Assert.DoesNotContain("ada@example", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostProcess_ModelDropsMidToolCall_SavesOnceAndConfirms()
    {
        await using var host = await HostProcess.StartAsync("DropMidToolCall");

        await using var caller = await TestCaller.ConnectAsync(host.CallUri);
        await caller.WaitForAsync("ready");
        await SpeakAsync(caller);

        // save_contact was called just before the drop; it runs once and its output reaches the new session, whose
        // follow-up is the confirmation.
        await caller.WaitForAsync("reconnecting");
        await caller.WaitForAsync("ready");
        Assert.Equal("Thanks Ada, I've saved your contact details.", await WaitForCaptionAsync(caller, "Thanks Ada, I've saved your contact details."));
        Assert.Single(caller.Messages, m => m.GetProperty("type").GetString() == "contact_saved");
        Assert.Single(await host.ListContactsAsync());
    }

    private static async Task SpeakAsync(TestCaller caller)
    {
        foreach (var chunk in TestAudio.Chunks(TestAudio.Utterance(24000), 24000))
        {
            await caller.SendAudioChunkAsync(chunk);
        }
    }

    private static async Task<string> WaitForCaptionAsync(TestCaller caller, string expected)
    {
        while (true)
        {
            var text = (await caller.WaitForAsync("text")).GetProperty("data").GetString()!;
            if (text == expected)
            {
                return text;
            }
        }
    }

    /// <summary>The host DLL in a process of its own, with the fake model and a fault in its first call.</summary>
    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _folder;

        private HostProcess(string folder, Uri baseUri, string fault)
        {
            _folder = folder;
            BaseUri = baseUri;
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(HostDll());
            start.Environment["ASPNETCORE_URLS"] = baseUri.ToString();
            start.Environment["VoiceContacts__FakeRealtime__Enabled"] = "true";
            start.Environment["VoiceContacts__FakeRealtime__Fault"] = fault;
            start.Environment["VoiceContacts__ModelReconnectTimeout"] = "00:00:10";
            start.Environment["VoiceContacts__AdminToken"] = AdminToken;
            start.Environment["VoiceContacts__FrontendPath"] = folder;
            start.Environment["ConnectionStrings__Contacts"] = $"Data Source={Path.Combine(folder, "contacts.db")}";
            start.Environment["OPENAI_API_KEY"] = string.Empty;
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["Logging__LogLevel__RealtimeVoiceAgent"] = "Debug";
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public Uri BaseUri { get; }

        public Uri CallUri => new($"ws://{BaseUri.Authority}/ws");

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<HostProcess> StartAsync(string fault)
        {
            var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-reconnect-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var host = new HostProcess(folder, new Uri($"http://127.0.0.1:{FreePort()}"), fault);
            await host.WaitForReadinessAsync();
            return host;
        }

        public async Task<List<JsonElement>> ListContactsAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUri };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/contacts");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return list.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned by the OS.
            }
        }

        private async Task WaitForReadinessAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUri };
            using var deadline = new CancellationTokenSource(s_safetyTimeout);
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/readyz", deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"/readyz never answered 200; host output:\n{Output}");
                }

                await Task.Delay(100, deadline.Token);
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        // The host built next to this test assembly's configuration: samples/VoiceContacts.Host/bin/<Configuration>/<tfm>/.
        private static string HostDll()
        {
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = testDir.Name;
            var configuration = testDir.Parent!.Name;
            for (var dir = testDir; dir is not null; dir = dir.Parent)
            {
                var dll = Path.Combine(dir.FullName, "samples", "VoiceContacts.Host", "bin", configuration, tfm, "VoiceContacts.Host.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }

            throw new FileNotFoundException($"VoiceContacts.Host.dll ({configuration}/{tfm}) was not found above {testDir.FullName}; build the host first.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
