using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Metrics;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The sample host's exporters: Prometheus at /metrics (VoiceContacts:Metrics:Prometheus) and OTLP (OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
public sealed class MetricsExportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Metrics_PrometheusEnabled_ServesTheCallsInstrumentsAsPrometheusText()
    {
        // Arrange
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:FakeRealtime:Enabled"] = "true",
            ["VoiceContacts:Metrics:Prometheus"] = "true",
            ["VoiceContacts:TokenPrices:AudioInput"] = "32",
            ["VoiceContacts:TokenPrices:AudioOutput"] = "64",
        });

        // Act: one spoken turn, then the caller hangs up; scrape once the call is over.
        await MakeCallAsync(host);
        using var response = await host.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE gen_ai_client_token_usage histogram", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_token_type=\"input\"", text, StringComparison.Ordinal);
        Assert.Contains("realtime_voice_agent_token_modality=\"audio\"", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_operation_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("realtime_voice_agent_turn_voice_to_voice_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("realtime_voice_agent_call_barge_ins_count", text, StringComparison.Ordinal);
        Assert.Contains("realtime_voice_agent_call_duration_seconds_count", text, StringComparison.Ordinal);
        // Token prices from VoiceContacts:TokenPrices:* (the /ws endpoint's options): the call has a cost.
        Assert.Contains("realtime_voice_agent_call_cost_count", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PrometheusOff_IsNotFound_NotTheBrowserApp()
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-dist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.html"), "<!doctype html><title>VoiceContacts</title>");
        try
        {
            await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:FrontendPath"] = folder });

            using var response = await host.Http.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("<title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Neither exporter is configured: OpenTelemetry is not set up at all.
            Assert.Null(host.Services.GetService<MeterProvider>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_RequireAdminToken_AnswersOnlyWithTheToken()
    {
        // Arrange
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:Metrics:Prometheus"] = "true",
            ["VoiceContacts:Metrics:RequireAdminToken"] = "true",
            ["VoiceContacts:AdminToken"] = "metrics-test-token",
        });

        // Act
        using var anonymous = await host.Http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "metrics-test-token");
        using var authorized = await host.Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task Otlp_EndpointSet_ExportsTheCallsMetricsAndSpans()
    {
        // Arrange: an OTLP/HTTP receiver of the test's own, and short export intervals.
        using var receiver = new FakeOtlpReceiver();
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:FakeRealtime:Enabled"] = "true",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        // Act
        await MakeCallAsync(host);

        // Assert: metric and span names travel as UTF-8 strings inside the protobuf payloads.
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        await receiver.WaitForAsync("/v1/metrics", "gen_ai.client.token.usage");
        await receiver.WaitForAsync("/v1/metrics", "realtime_voice_agent.call.duration");
        await receiver.WaitForAsync("/v1/traces", "realtime_voice_agent.call");
        // Prometheus stays off.
        using var scrape = await host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    // The fake model greets, hears one utterance and saves the contact; the caller hangs up; the call's end is recorded.
    private static async Task MakeCallAsync(HostFixture host)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var callDurations = new MetricCollector<double>(meters, RealtimeVoiceAgentDiagnostics.MeterName, "realtime_voice_agent.call.duration");
        await using (var caller = await TestCaller.ConnectAsync(host.CallUri("audio=binary&inputRate=48000&outputRate=48000")))
        {
            await caller.WaitForAsync("ready");
            await caller.WaitForAsync("text");
            foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
            {
                await caller.SendBinaryAsync(frame);
            }

            await caller.WaitForAsync("contact_saved");
        }

        await callDurations.WaitForMeasurementsAsync(1, Timeout);
    }

    /// <summary>Takes OTLP/HTTP exports (any path) and keeps their bodies.</summary>
    private sealed class FakeOtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private readonly Task _loop;

        public FakeOtlpReceiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _loop = Task.Run(ReceiveAsync);
        }

        public string Endpoint { get; }

        public async Task WaitForAsync(string path, string text)
        {
            var deadline = DateTime.UtcNow + Timeout;
            var bytes = Encoding.UTF8.GetBytes(text);
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0))
            {
                Assert.True(
                    DateTime.UtcNow < deadline,
                    $"No export to {path} with '{text}' within {Timeout.TotalSeconds} s; received: {string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}");
                await Task.Delay(50);
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }

        private async Task ReceiveAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
