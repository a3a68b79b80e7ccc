using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.Host.Tests.Infrastructure;
using Xunit;

namespace VoiceContacts.Host.Tests;

/// <summary>The sample host's phone line: VoiceContacts:Twilio:* settings, and a phone call beside a browser call.</summary>
public sealed class PhoneTests
{
    private const string AuthToken = "host-test-twilio-token-5f1e";
    private const string PublicBaseUrl = "https://contacts.example.com";

    private static byte[] MuLawUtterance()
    {
        var pcm = MemoryMarshal.Cast<byte, short>(TestAudio.Utterance(8000));
        var muLaw = new byte[pcm.Length];
        G711.EncodeMuLaw(pcm, muLaw);
        return muLaw;
    }

    private static bool IsToolOutput(FakeClientEvent e) => e.Type == "conversation.item.create" && e.Json.Contains("function_call_output", StringComparison.Ordinal);

    [Fact]
    public async Task Host_WithoutTwilioToken_HasNoPhoneRoutes()
    {
        await using var host = await HostFixture.StartAsync(new() { ["VoiceContacts:Twilio:PublicBaseUrl"] = PublicBaseUrl });

        using var response = await host.Http.PostAsync("/twilio/voice", new FormUrlEncodedContent([new("From", "+14155552671")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(host.Logs.Lines, l => l.Contains("the phone routes are off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_TwilioTokenWithoutPublicUrl_StopsAtStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HostFixture.StartAsync(new() { ["VoiceContacts:Twilio:AuthToken"] = AuthToken }));

        Assert.Contains("PublicBaseUrl is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_PhoneCallAndBrowserCallAtOnce_BothSaveTheirContact()
    {
        await using var host = await HostFixture.StartAsync(new()
        {
            ["VoiceContacts:FakeRealtime:Enabled"] = "true",
            ["VoiceContacts:Twilio:AuthToken"] = AuthToken,
            ["VoiceContacts:Twilio:PublicBaseUrl"] = PublicBaseUrl,
        });
        var phoneOptions = new FakeTwilioMediaStreamOptions { AuthToken = AuthToken, From = "+14155552671", Tunnel = host.BaseUri };

        // Both calls are up at once: the phone hears the greeting, the browser is told ready.
        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(PublicBaseUrl + "/twilio/voice"), phoneOptions);
        await using var browser = await TestCaller.ConnectAsync(host.CallUri("audio=binary&inputRate=48000&outputRate=48000"));
        await browser.WaitForAsync("ready");
        await phone.WaitForMessageAsync("media");
        await browser.WaitForAsync("text");

        // Both speak; the fake model saves a contact for each.
        var phoneSpeaks = phone.SendAudioAsync(MuLawUtterance());
        foreach (var frame in TestAudio.Chunks(TestAudio.Utterance(48000), 48000))
        {
            await browser.SendBinaryAsync(frame);
        }

        await phoneSpeaks;
        await browser.WaitForAsync("contact_saved");
        await host.FakeModel.WaitForMatchingClientEventAsync(IsToolOutput, occurrence: 2);

        // One function_call_output on each model connection (the phone's and the browser's), each reporting a stored contact.
        var saves = host.FakeModel.ReceivedEvents.Where(IsToolOutput).ToList();
        Assert.Equal(2, saves.Select(e => e.Connection).Distinct().Count());
        Assert.All(saves, e => Assert.Contains("\"ok\":true", e.Parse().GetProperty("item").GetProperty("output").GetString(), StringComparison.Ordinal));
        Assert.Null(phone.CloseStatus);
        Assert.All(phone.ReceivedMessages, m => Assert.Null(m.Error));
        Assert.Contains(host.Logs.Lines, l => l.Contains("HTTP POST https://contacts.example.com/twilio/voice", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(AuthToken, StringComparison.Ordinal) || (!l.Contains(" Trace ", StringComparison.Ordinal) && l.Contains("+14155552671", StringComparison.Ordinal)));
    }
}
