using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading.Tasks;
using System.Xml.Linq;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Twilio.Tests.Infrastructure;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>The two routes behind a "tunnel": signatures are checked against the public URL, and anything unsigned gets 403 and nothing else.</summary>
public sealed class SignedRouteTests
{
    private static readonly KeyValuePair<string, string>[] s_form =
    [
        new("CallSid", "CA0123456789abcdef0123456789abcdef"),
        new("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        new("From", "+14155552671"),
        new("To", "+15005550006"),
        new("Direction", "inbound"),
    ];

    private static async Task<HttpResponseMessage> PostVoiceAsync(TwilioTestHost host, string? signature)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.LocalUrl, "/twilio/voice")) { Content = new FormUrlEncodedContent(s_form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return await http.SendAsync(request);
    }

    private static async Task<HttpStatusCode?> UpgradeAsync(TwilioTestHost host, string? signature)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (signature is not null)
        {
            socket.Options.SetRequestHeader("X-Twilio-Signature", signature);
        }

        var local = new UriBuilder(host.LocalUrl) { Scheme = "ws", Path = "/twilio/media" }.Uri;
        try
        {
            await socket.ConnectAsync(local, default);
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    [Fact]
    public async Task VoiceWebhook_SignedForThePublicUrl_AnswersTwimlConnectingThePublicStream()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var signature = TwilioSignatureTests.TwilioDocumentedSignature(TwilioTestHost.AuthToken, "https://contacts.example.com/twilio/voice", s_form);

        using var response = await PostVoiceAsync(host, signature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var stream = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Connect")!.Element("Stream")!;
        Assert.Equal("wss://contacts.example.com/twilio/media", stream.Attribute("url")!.Value);
        var parameter = Assert.Single(stream.Elements("Parameter"));
        Assert.Equal("from", parameter.Attribute("name")!.Value);
        Assert.Equal("+14155552671", parameter.Attribute("value")!.Value);
    }

    [Fact]
    public async Task VoiceWebhook_WrongTokenWrongUrlOrNoSignature_403AndNothingElse()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var wrongToken = TwilioSignatureTests.TwilioDocumentedSignature("another-account-token", "https://contacts.example.com/twilio/voice", s_form);
        // Signed for the address the request really reached (the Host header), not for the public URL Twilio calls.
        var wrongUrl = TwilioSignatureTests.TwilioDocumentedSignature(TwilioTestHost.AuthToken, new Uri(host.LocalUrl, "/twilio/voice").AbsoluteUri, s_form);

        foreach (var signature in new[] { wrongToken, wrongUrl, null })
        {
            using var response = await PostVoiceAsync(host, signature);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(2, host.Logs.Lines.Count(l => l.Contains("does not match", StringComparison.Ordinal)));
        Assert.Single(host.Logs.Lines, l => l.Contains("no X-Twilio-Signature header", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(TwilioTestHost.AuthToken, StringComparison.Ordinal) || l.Contains("+14155552671", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MediaUpgrade_SignedForTheWssUrl_Accepted()
    {
        await using var host = await TwilioTestHost.StartAsync();

        var status = await UpgradeAsync(host, TwilioSignatureTests.TwilioDocumentedSignature(TwilioTestHost.AuthToken, "wss://contacts.example.com/twilio/media", []));

        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
    }

    [Fact]
    public async Task MediaUpgrade_UnsignedOrSignedForAnotherUrlOrToken_403()
    {
        await using var host = await TwilioTestHost.StartAsync();
        string?[] signatures =
        [
            null,
            // The https URL of the same path: the handshake is signed with the wss:// URL Twilio connects to.
            TwilioSignatureTests.TwilioDocumentedSignature(TwilioTestHost.AuthToken, "https://contacts.example.com/twilio/media", []),
            TwilioSignatureTests.TwilioDocumentedSignature("another-account-token", "wss://contacts.example.com/twilio/media", []),
        ];

        foreach (var signature in signatures)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await UpgradeAsync(host, signature));
        }
    }

    [Fact]
    public async Task Dial_FakeTwilioWithTheWrongToken_RefusedAtTheWebhook()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var phone = host.Phone();
        phone.AuthToken = "another-account-token";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FakeTwilioMediaStream.DialAsync(TwilioTestHost.VoiceUrl, phone));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }
}
