using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The host's HTTP hardening: security headers, no Server header, 404 for unknown API paths, forwarded addresses from known proxies.</summary>
public sealed class HttpHardeningTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/api/unknown")]
    public async Task Response_AnyPath_CarriesSecurityHeadersAndNoServerHeader(string path)
    {
        await using var host = await HostFixture.StartAsync(new());

        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpHardening.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("microphone=(self)", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task UnknownApiPath_WithBuiltFrontend_Answers404NotTheApp()
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-dist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.html"), "<!doctype html><title>VoiceContacts</title>");
        try
        {
            await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:FrontendPath"] = folder });

            using var unknownApi = await host.Http.GetAsync("/api/no-such-thing");
            using var nestedApi = await host.Http.PostAsync("/api/v2/contacts/1", new StringContent("{}"));
            using var clientRoute = await host.Http.GetAsync("/contacts/1");

            Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
            Assert.DoesNotContain("<title>", await unknownApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, nestedApi.StatusCode);
            // Client-side routes still get the app.
            Assert.Equal(HttpStatusCode.OK, clientRoute.StatusCode);
            Assert.Contains("<title>VoiceContacts</title>", await clientRoute.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ForwardedFor_FromKnownProxy_IsTheAddressThePerAddressLimitCounts()
    {
        // The test client is the proxy (127.0.0.1); each caller may open one call per window.
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:KnownProxies"] = "10.0.0.9, 127.0.0.1",
            ["VoiceContacts:ConnectionsPerIpPerWindow"] = "1",
            ["VoiceContacts:ConnectionRateWindow"] = "01:00:00",
        });

        var first = await ConnectStatusAsync(host, "203.0.113.5");
        var again = await ConnectStatusAsync(host, "203.0.113.5");
        var other = await ConnectStatusAsync(host, "203.0.113.6");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, other);
    }

    [Fact]
    public async Task ForwardedFor_WithoutKnownProxies_IsIgnored()
    {
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:ConnectionsPerIpPerWindow"] = "1",
            ["VoiceContacts:ConnectionRateWindow"] = "01:00:00",
        });

        var first = await ConnectStatusAsync(host, "203.0.113.5");
        // A client cannot escape its limit by claiming another address.
        var spoofed = await ConnectStatusAsync(host, "203.0.113.6");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    // Opens a call as a proxy would forward it and returns the handshake's HTTP status.
    private static async Task<HttpStatusCode> ConnectStatusAsync(HostFixture host, string forwardedFor)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(host.CallUri(), cts.Token);
        }
        catch (WebSocketException)
        {
            // Refused: the status is in HttpStatusCode.
        }

        var status = socket.HttpStatusCode;
        if (socket.State == WebSocketState.Open)
        {
            socket.Abort();
        }

        return status;
    }
}
