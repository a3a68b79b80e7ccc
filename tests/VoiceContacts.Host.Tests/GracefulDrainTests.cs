using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tests.Endpoint;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>A rolling deploy as an operator does it: the real host process (built DLL, fake model) gets SIGTERM during a call.</summary>
public sealed class GracefulDrainTests
{
    private static readonly TimeSpan s_safetyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task HostProcess_Sigterm_DrainsThenExitsCleanly()
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-drain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var output = new StringBuilder();
        using var process = StartHost(folder, baseUri, output);
        using var http = new HttpClient { BaseAddress = baseUri };
        try
        {
            await WaitForReadinessAsync(http, HttpStatusCode.OK, output);
            await using var active = await TestCaller.ConnectAsync(CallUri(baseUri));
            await active.WaitForAsync("ready");

            // Act: the deploy's SIGTERM, while the call is held.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            // Assert: not ready while draining (so the load balancer sends no one new) ...
            await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable, output);
            Assert.Equal("ok", System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/healthz")).RootElement.GetProperty("status").GetString());

            // ... a new call is refused with a reason and "try again later" ...
            await using (var late = await TestCaller.ConnectAsync(CallUri(baseUri)))
            {
                var error = await late.WaitForAsync("error");
                Assert.Equal("server_draining", error.GetProperty("code").GetString());
                Assert.Equal((WebSocketCloseStatus)1013, await late.WaitForCloseAsync());
            }

            // ... the active call is told it is ending, then closed when the drain timeout passes ...
            var ending = await active.WaitForAsync("call_ending");
            Assert.Equal("server_draining", ending.GetProperty("data").GetProperty("reason").GetString());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await active.WaitForCloseAsync());
            Assert.Equal("server_shutdown", active.Socket.CloseStatusDescription);

            // ... and the process exits cleanly.
            using var exit = new CancellationTokenSource(s_safetyTimeout);
            await process.WaitForExitAsync(exit.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; host output:\n{output}");
            Assert.Contains("Draining: 1 active calls", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned by the OS.
            }
        }
    }

    private static Uri CallUri(Uri baseUri) => new($"ws://{baseUri.Authority}/ws");

    private static Process StartHost(string folder, Uri baseUri, StringBuilder output)
    {
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
        // Long enough for the checks below, short enough to wait out.
        start.Environment["VoiceContacts__DrainTimeout"] = "00:00:15";
        start.Environment["VoiceContacts__FrontendPath"] = folder;
        start.Environment["ConnectionStrings__Contacts"] = $"Data Source={Path.Combine(folder, "contacts.db")}";
        start.Environment["OPENAI_API_KEY"] = string.Empty;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
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

    private static async Task WaitForReadinessAsync(HttpClient http, HttpStatusCode expected, StringBuilder output)
    {
        using var deadline = new CancellationTokenSource(s_safetyTimeout);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/readyz", deadline.Token);
                if (response.StatusCode == expected)
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
                Assert.Fail($"/readyz never answered {(int)expected}; host output:\n{output}");
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
