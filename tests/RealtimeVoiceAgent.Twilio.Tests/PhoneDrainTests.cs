using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Twilio.Tests.Infrastructure;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>Phone calls under a <see cref="VoiceAgentDrain"/>, as browser calls: the call in progress goes on and finishes its save; new calls get a busy tone.</summary>
public sealed class PhoneDrainTests
{
    private const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";

    [Fact]
    public async Task Drain_PhoneCallInProgress_GoesOnAndItsSaveCompletes()
    {
        // Arrange: a phone call whose save waits in the store.
        var drain = new VoiceAgentDrain();
        var contacts = new GatedContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts, drain: drain);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello!"))
            .AfterSpeech(turn => turn.CallFunction("save_contact", SaveArguments).ThenSay("Saved."));
        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        await phone.SendAudioAsync(PhoneAudio.Utterance());
        await contacts.SaveStarted;

        // Act: the drain starts while the save is in the store.
        var drained = drain.DrainAsync(TimeSpan.FromMinutes(5));
        contacts.Open();

        // Assert: the save completes and its output reaches the model; the call is still up until the caller hangs up.
        var saved = await contacts.Saved.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ada@example.com", saved.Email);
        await host.Model.WaitForClientEventAsync("conversation.item.create");
        Assert.Equal(1, drain.ActiveCalls);
        Assert.Null(phone.CloseStatus);
        Assert.False(drained.IsCompleted);

        await phone.SendStopAsync();
        await drained.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, drain.ActiveCalls);
    }

    [Fact]
    public async Task Drain_TimeoutPasses_PhoneCallStillUpIsClosedAsServerShutdown()
    {
        var drain = new VoiceAgentDrain();
        await using var host = await TwilioTestHost.StartAsync(drain: drain);
        host.Model.Script.OnResponseCreate(r => r.Say("Hello!"));
        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");

        await drain.DrainAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(await phone.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, drain.ActiveCalls);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Call ended: ServerShutdown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_NewPhoneCall_WebhookAnswersBusyAndAStreamIsRefusedWithoutAModelSession()
    {
        var drain = new VoiceAgentDrain();
        await using var host = await TwilioTestHost.StartAsync(drain: drain);
        await drain.DrainAsync(TimeSpan.FromSeconds(1));

        // The voice webhook: a busy tone instead of a stream.
        var form = new KeyValuePair<string, string>[] { new("CallSid", "CA0123456789abcdef0123456789abcdef"), new("From", "+14155552671") };
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.LocalUrl, "/twilio/voice")) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", FakeTwilioMediaStream.ComputeSignature(TwilioTestHost.AuthToken, TwilioTestHost.VoiceUrl.AbsoluteUri, form));
        using var response = await http.SendAsync(request);
        var twiml = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Reject reason=\"busy\" />", twiml, StringComparison.Ordinal);
        Assert.DoesNotContain("<Stream", twiml, StringComparison.Ordinal);

        // A stream that arrives anyway (a webhook answered before the drain) is closed, and no model session is opened for it.
        await using var phone = await FakeTwilioMediaStream.ConnectAsync(TwilioTestHost.MediaUrl, host.Phone());
        Assert.NotNull(await phone.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, host.Model.ConnectionCount);
        Assert.Contains(host.Logs.Lines, l => l.Contains("draining", StringComparison.Ordinal));
    }
}
