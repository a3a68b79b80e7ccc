using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Twilio.Tests.Infrastructure;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>What only a phone caller has: caller ID, the keypad, and a call the agent ends while the goodbye still plays.</summary>
public sealed class PhoneCallerTests
{
    private static string UserText(FakeClientEvent e) =>
        e.Parse().GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString()!;

    private static bool IsUserText(FakeClientEvent e) =>
        e.Type == "conversation.item.create" && e.Json.Contains("\"input_text\"", StringComparison.Ordinal);

    [Fact]
    public async Task PhoneCall_CallerId_OfferedToTheModelAndSavedOnYes()
    {
        var contacts = new InMemoryContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello! What is your name and email?"))
            .AfterSpeech(turn => turn
                .Transcript("ada lovelace, ada at example dot com, and yes that is the best number")
                .CallFunction("save_contact", "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"+14155552671\"}")
                .ThenSay("Saved."));

        await using var phone = await host.DialAsync(from: "+14155552671");
        var instructions = (await host.Model.WaitForClientEventAsync("session.update")).Parse().GetProperty("session").GetProperty("instructions").GetString();
        await phone.WaitForMessageAsync("media");
        await phone.SendAudioAsync(PhoneAudio.Utterance());
        await host.Model.WaitForClientEventAsync("conversation.item.create");

        Assert.Contains("The caller is calling from +14155552671", instructions, StringComparison.Ordinal);
        Assert.Contains("Is this the best number to reach you?", instructions, StringComparison.Ordinal);
        Assert.Equal("+14155552671", Assert.Single(await contacts.ListAsync(10)).Phone);
        Assert.DoesNotContain(host.Logs.Lines, l => !l.Contains(" Trace ", StringComparison.Ordinal) && l.Contains("4155552671", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("+266696687")]
    [InlineData("client:alice")]
    [InlineData(null)]
    public async Task PhoneCall_WithheldOrNoCallerNumber_NothingOffered(string? from)
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Model.Script.OnResponseCreate(r => r.Say("Hello!"));

        await using var phone = await host.DialAsync(from);
        var instructions = (await host.Model.WaitForClientEventAsync("session.update")).Parse().GetProperty("session").GetProperty("instructions").GetString();

        Assert.DoesNotContain("The caller is calling from", instructions, StringComparison.Ordinal);
        Assert.Contains("caller number known: False", string.Join('\n', host.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneCall_KeypadNumberEndedWithHash_ReachesTheModelAsTypedTextAndIsSaved()
    {
        var contacts = new InMemoryContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello! Please type your phone number and press pound."))
            .AfterUserText(turn => turn
                .CallFunction("save_contact", "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"4155552671\"}")
                .ThenSay("Saved."));

        await using var phone = await host.DialAsync(from: null);
        await phone.WaitForMessageAsync("media");
        await phone.SendDtmfAsync("4155552671#");

        var typed = await host.Model.WaitForMatchingClientEventAsync(IsUserText);
        await host.Model.WaitForMatchingClientEventAsync(e => e.Type == "conversation.item.create" && e.Json.Contains("function_call_output", StringComparison.Ordinal));

        Assert.Equal("4155552671", UserText(typed));
        Assert.Equal("+14155552671", Assert.Single(await contacts.ListAsync(10)).Phone);
        Assert.All(host.Model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task PhoneCall_KeypadDigitsThenAPause_HandedOverAfterThePause()
    {
        await using var host = await TwilioTestHost.StartAsync(configure: o => o.DtmfPause = TimeSpan.FromMilliseconds(300));
        host.Model.Script.OnResponseCreate(r => r.Say("Hello!"));

        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        await phone.SendDtmfAsync("12");
        await phone.SendDtmfAsync("3");

        // The silence Twilio keeps streaming carries the pause; the three keys arrive as one entry.
        Assert.Equal("123", UserText(await host.Model.WaitForMatchingClientEventAsync(IsUserText)));
        Assert.Single(host.Model.ReceivedEvents, IsUserText);
    }

    [Fact]
    public async Task PhoneCall_AgentEndsTheCall_GoodbyePlaysOutThenTheStreamCloses()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello!"))
            .AfterSpeech(turn => turn.Transcript("that is all, thanks").Say("Goodbye!", TimeSpan.FromSeconds(1)).CallFunction("end_call", "{}"));

        await using var phone = await host.DialAsync();
        // The greeting (300 ms) has played out before the caller speaks.
        await phone.WaitForMarkEchoAsync(e => e.Name.EndsWith(":300", StringComparison.Ordinal));
        // Not awaited: the call may end before the utterance's trailing silence has all been sent.
        _ = phone.SendAudioAsync(PhoneAudio.Utterance());

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await phone.WaitForCloseAsync());

        // Every mark sent came back played before the close: Twilio had played the goodbye to its end.
        var marksSent = phone.ReceivedMessages.Count(m => m.Event == "mark");
        Assert.True(marksSent > 0);
        Assert.Equal(marksSent, phone.EchoedMarks.Count);
        Assert.All(phone.EchoedMarks, e => Assert.False(e.Cleared));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("had not played all the audio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhoneCall_AgentEndsTheCallWithNoDrainAllowed_ClosesWithAudioUnplayedAndSaysSo()
    {
        await using var host = await TwilioTestHost.StartAsync(configure: o => o.PlaybackDrainTimeout = TimeSpan.Zero);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello!"))
            .AfterSpeech(turn => turn.Transcript("that is all, thanks").Say("Goodbye, and thanks for calling!", TimeSpan.FromSeconds(3)).CallFunction("end_call", "{}"));

        await using var phone = await host.DialAsync();
        await phone.WaitForMarkEchoAsync(e => e.Name.EndsWith(":300", StringComparison.Ordinal));
        _ = phone.SendAudioAsync(PhoneAudio.Utterance());

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await phone.WaitForCloseAsync());

        // The model sends 3 s of goodbye at once; with no time to play it, most of its marks were still pending.
        Assert.True(phone.EchoedMarks.Count < phone.ReceivedMessages.Count(m => m.Event == "mark"));
        Assert.Contains(host.Logs.Lines, l => l.Contains("had not played all the audio sent within 0 ms", StringComparison.Ordinal));
    }
}
