using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Twilio.Tests.Infrastructure;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>Phone calls end to end: the fake Twilio dials the host, the contact agent runs against the fake model.</summary>
public sealed class PhoneCallTests
{
    private const string SaveArguments = "{\"name\":\"ada lovelace\",\"email\":\"ada at example dot com\",\"phone\":\"four one five two three four five six seven eight\"}";

    private static int PlayedMs(FakeTwilioMarkEcho echo) => int.Parse(echo.Name[(echo.Name.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PhoneCall_Greeting_ArrivesAsMediaEachFollowedByAMarkThatComesBackPlayed()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Model.Script.OnResponseCreate(r => r.Say("Hello! I will take your contact details.", TimeSpan.FromSeconds(1)));

        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        var lastMark = await phone.WaitForMatchingMessageAsync(m => m.Event == "mark" && m.Json.Contains(":1000\"", StringComparison.Ordinal));
        await phone.WaitForMarkEchoAsync(e => e.Name == lastMark.Parse().GetProperty("mark").GetProperty("name").GetString());

        // Every message is one Twilio takes: this stream's id, base64 μ-law, named marks.
        var received = phone.ReceivedMessages;
        Assert.All(received, m => Assert.Null(m.Error));
        Assert.Equal(received.Count(m => m.Event == "media"), received.Count(m => m.Event == "mark"));
        // Media then its mark, in turn; each mark names the item and the milliseconds of it sent so far (8 bytes a ms).
        var sentBytes = 0;
        foreach (var message in received)
        {
            var json = message.Parse();
            if (message.Event == "media")
            {
                sentBytes += Convert.FromBase64String(json.GetProperty("media").GetProperty("payload").GetString()!).Length;
            }
            else
            {
                Assert.EndsWith(":" + (sentBytes / 8), json.GetProperty("mark").GetProperty("name").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(8000, phone.ReceivedAudio.Length);
        Assert.All(phone.EchoedMarks, e => Assert.False(e.Cleared));
    }

    [Fact]
    public async Task PhoneCall_CallerSpeaks_ContactIsSaved()
    {
        var contacts = new Contacts.InMemoryContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello! What are your name, email and phone number?"))
            .AfterSpeech(turn => turn.Transcript("ada lovelace, ada at example dot com, four one five two three four five six seven eight").CallFunction("save_contact", SaveArguments).ThenSay("Thanks Ada, saved."));

        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        await phone.SendAudioAsync(PhoneAudio.Utterance());
        var output = await host.Model.WaitForClientEventAsync("conversation.item.create");

        Assert.Contains("function_call_output", output.Json, StringComparison.Ordinal);
        var contact = Assert.Single(await contacts.ListAsync(10));
        Assert.Equal(("Ada Lovelace", "ada@example.com", "+14152345678"), (contact.Name, contact.Email, contact.Phone));
        Assert.All(host.Model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
    }

    [Fact]
    public async Task PhoneCall_BargeIn_SendsClearAndTruncatesAtTheLastMarkPlayed()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var release = new TaskCompletionSource();
        host.Model.Script.OnResponseCreate(r => r.Say("A long greeting the caller talks over.", TimeSpan.FromSeconds(2)).HoldUntil(release.Task));

        await using var phone = await host.DialAsync();
        await phone.WaitForMarkEchoAsync(e => PlayedMs(e) >= 500);
        // From here the phone has played exactly what its echoed marks say.
        await phone.PausePlaybackAsync();
        var heard = phone.EchoedMarks.Last();
        await phone.SendAudioAsync(PhoneAudio.Tone(400));

        await phone.WaitForMessageAsync("clear");
        var truncate = (await host.Model.WaitForClientEventAsync("conversation.item.truncate")).Parse();
        release.TrySetResult();

        Assert.Equal(heard.Name[..heard.Name.LastIndexOf(':')], truncate.GetProperty("item_id").GetString());
        Assert.Equal(PlayedMs(heard), truncate.GetProperty("audio_end_ms").GetInt32());
        // The marks still pending came back as cleared (and were not taken as played); the model's VAD cancelled the reply itself.
        await phone.WaitForMarkEchoAsync(e => e.Cleared);
        Assert.DoesNotContain(host.Model.ReceivedEvents, e => e.Type == "response.cancel");
        Assert.Equal(1, phone.ClearCount);
    }

    [Fact]
    public async Task PhoneCall_StopDuringSave_SaveCompletesAndStreamCloses()
    {
        var contacts = new GatedContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello!"))
            .AfterSpeech(turn => turn.CallFunction("save_contact", SaveArguments).ThenSay("Saved."));

        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        await phone.SendAudioAsync(PhoneAudio.Utterance());
        await contacts.SaveStarted;

        // The caller hangs up while the store is still writing.
        await phone.SendStopAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await phone.WaitForCloseAsync());
        contacts.Open();

        var saved = await contacts.Saved.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ada@example.com", saved.Email);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Twilio stream stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhoneCall_MalformedTwilioMessages_LoggedWithTheReasonAndTheCallGoesOn()
    {
        var contacts = new Contacts.InMemoryContactRepository();
        await using var host = await TwilioTestHost.StartAsync(contacts);
        host.Model.Script
            .OnResponseCreate(r => r.Say("Hello!"))
            .AfterSpeech(turn => turn.CallFunction("save_contact", SaveArguments).ThenSay("Saved."));

        await using var phone = await host.DialAsync();
        await phone.WaitForMessageAsync("media");
        await phone.SendRawAsync("this is not json");
        await phone.SendRawAsync("""{"event":"media","streamSid":"MZ1","media":{"payload":"%%%"}}""");
        await phone.SendRawAsync("""{"event":"dtmf","dtmf":{}}""");
        await phone.SendRawAsync("""{"event":"mark","mark":{"name":"not-one-of-ours"}}""");
        await phone.SendRawAsync("""{"event":"something_new"}""");
        await phone.SendAudioAsync(PhoneAudio.Utterance());

        await host.Model.WaitForClientEventAsync("conversation.item.create");
        Assert.Single(await contacts.ListAsync(10));
        var skipped = host.Logs.Lines.Where(l => l.Contains("Twilio message skipped", StringComparison.Ordinal)).ToList();
        Assert.Contains(skipped, l => l.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("media.payload is not valid base64", StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Contains("dtmf.digit", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("'something_new'", StringComparison.Ordinal));
        Assert.Null(phone.CloseStatus);
    }

    [Fact]
    public async Task PhoneCall_StreamInAnotherMediaFormat_RefusedWithTheReason()
    {
        await using var host = await TwilioTestHost.StartAsync();
        var options = host.Phone();
        options.MediaEncoding = "audio/x-l16";
        options.SampleRate = 16000;

        await using var phone = await FakeTwilioMediaStream.ConnectAsync(TwilioTestHost.MediaUrl, options);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await phone.WaitForCloseAsync());
        Assert.Contains(host.Logs.Lines, l => l.Contains("media stream refused", StringComparison.Ordinal) && l.Contains("audio/x-l16 at 16000 Hz", StringComparison.Ordinal));
        Assert.Equal(0, host.Model.ConnectionCount);
    }

    [Fact]
    public async Task PhoneCall_G711Passthrough_TheModelGetsTwiliosBytesAndTwilioGetsTheModels()
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Model.Script.OnResponseCreate(r => r.Say("Hello!"));
        var options = host.Phone();
        options.StreamSilenceWhenIdle = false; // only the test's own frames reach the model
        await using var phone = await FakeTwilioMediaStream.DialAsync(TwilioTestHost.VoiceUrl, options);
        await phone.WaitForMessageAsync("media"); // the greeting: the call is ready, caller audio now goes to the model

        // In: one second of every μ-law code, as Twilio frames it.
        var sent = Enumerable.Range(0, 8000).Select(i => (byte)(i * 7)).ToArray();
        await phone.SendAudioAsync(sent);
        var appended = await AppendedAudioAsync(host.Model, sent.Length);

        // Out: a delta of the model's own bytes, straight into the media messages.
        var modelAudio = Enumerable.Range(0, 1600).Select(i => (byte)(255 - (i % 251))).ToArray();
        var before = phone.ReceivedAudio.Length;
        await host.Model.SendEventAsync($$"""{"type":"response.output_audio.delta","event_id":"event_1","response_id":"resp_x","item_id":"item_passthrough","output_index":0,"content_index":0,"delta":"{{Convert.ToBase64String(modelAudio)}}"}""");
        await phone.WaitForMatchingMessageAsync(m => m.Event == "mark" && m.Json.Contains("item_passthrough:200", StringComparison.Ordinal));

        var audio = (await host.Model.WaitForClientEventAsync("session.update")).Parse().GetProperty("session").GetProperty("audio");
        Assert.Equal("audio/pcmu", audio.GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("audio/pcmu", audio.GetProperty("output").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(sent, appended);
        Assert.Equal(modelAudio, phone.ReceivedAudio[before..]);
    }

    [Fact]
    public async Task PhoneCall_G711PassthroughOff_ModelGetsPcmAndThePhoneStillGetsMuLaw()
    {
        await using var host = await TwilioTestHost.StartAsync(configure: o => o.G711Passthrough = false);
        host.Model.Script.OnResponseCreate(r => r.Say("Hello!", TimeSpan.FromSeconds(1)));

        await using var phone = await host.DialAsync();
        await phone.WaitForMatchingMessageAsync(m => m.Event == "mark" && m.Json.Contains(":1000\"", StringComparison.Ordinal));

        var audio = (await host.Model.WaitForClientEventAsync("session.update")).Parse().GetProperty("session").GetProperty("audio");
        Assert.Equal("audio/pcm", audio.GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(8000, phone.ReceivedAudio.Length); // 1 s of 24 kHz PCM, resampled and encoded to 8 kHz μ-law
    }

    // The caller audio the model received (input_audio_buffer.append), joined, once it holds at least this many bytes.
    private static async Task<byte[]> AppendedAudioAsync(FakeRealtimeServer model, int bytes)
    {
        for (var occurrence = 1; ; occurrence++)
        {
            await model.WaitForClientEventAsync("input_audio_buffer.append", occurrence);
            var audio = model.ReceivedEvents
                .Where(e => e.Type == "input_audio_buffer.append")
                .SelectMany(e => Convert.FromBase64String(e.Parse().GetProperty("audio").GetString()!))
                .ToArray();
            if (audio.Length >= bytes)
            {
                return audio;
            }
        }
    }
}
