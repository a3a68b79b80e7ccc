using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace RealtimeVoiceAgent.Testing.Tests;

/// <summary>The fake Twilio against a bare application: Twilio's message shapes, pacing units, signing and mark echoes.</summary>
public sealed class FakeTwilioMediaStreamTests
{
    private static FakeTwilioMediaStreamOptions Options(bool silence = false) => new()
    {
        AuthToken = TwilioApplicationStub.Token,
        From = "+14155552671",
        StreamSilenceWhenIdle = silence,
    };

    private static string Media(FakeTwilioMediaStream phone, int bytes) =>
        "{\"event\":\"media\",\"streamSid\":\"" + phone.StreamSid + "\",\"media\":{\"payload\":\"" + Convert.ToBase64String(new byte[bytes]) + "\"}}";

    private static string Mark(FakeTwilioMediaStream phone, string name) =>
        "{\"event\":\"mark\",\"streamSid\":\"" + phone.StreamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}";

    [Fact]
    public async Task DialAsync_SignedWebhook_StartsTheStreamWithTheTwimlParameters()
    {
        await using var app = await TwilioApplicationStub.StartAsync();

        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), Options());
        var connected = await app.ReceiveAsync();
        var start = await app.ReceiveAsync();

        Assert.Equal("+14155552671", app.WebhookForm["From"]);
        Assert.Equal(phone.CallSid, app.WebhookForm["CallSid"]);
        Assert.StartsWith("CA", phone.CallSid, StringComparison.Ordinal);
        Assert.Equal(TwilioApplicationStub.Sign(new UriBuilder(app.BaseUri) { Scheme = "ws", Path = "/media" }.Uri.AbsoluteUri, []), Assert.Single(app.UpgradeSignatures));
        Assert.Equal("""{"event":"connected","protocol":"Call","version":"1.0.0"}""", connected!.Value.GetRawText());
        var body = start!.Value.GetProperty("start");
        Assert.Equal("start", start.Value.GetProperty("event").GetString());
        Assert.Equal("1", start.Value.GetProperty("sequenceNumber").GetString());
        Assert.Equal(phone.StreamSid, start.Value.GetProperty("streamSid").GetString());
        Assert.Equal(phone.StreamSid, body.GetProperty("streamSid").GetString());
        Assert.Equal(phone.CallSid, body.GetProperty("callSid").GetString());
        Assert.Equal("+14155552671", body.GetProperty("customParameters").GetProperty("from").GetString());
        Assert.Equal("spring", body.GetProperty("customParameters").GetProperty("campaign").GetString());
        Assert.Equal("audio/x-mulaw", body.GetProperty("mediaFormat").GetProperty("encoding").GetString());
        Assert.Equal(8000, body.GetProperty("mediaFormat").GetProperty("sampleRate").GetInt32());
        Assert.Equal(1, body.GetProperty("mediaFormat").GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task DialAsync_WrongToken_ThrowsWithTheWebhooksAnswer()
    {
        await using var app = await TwilioApplicationStub.StartAsync();
        var options = Options();
        options.AuthToken = "not-the-token";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), options));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAudioAsync_FramesOf160BytesWithStringChunkTimestampAndSequence()
    {
        await using var app = await TwilioApplicationStub.StartAsync();
        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), Options());
        await app.ReceiveEventAsync("start");
        var audio = Enumerable.Range(0, 400).Select(i => (byte)i).ToArray();

        await phone.SendAudioAsync(audio);
        var frames = new[] { await app.ReceiveEventAsync("media"), await app.ReceiveEventAsync("media"), await app.ReceiveEventAsync("media") };

        var payloads = frames.Select(f => Convert.FromBase64String(f.GetProperty("media").GetProperty("payload").GetString()!)).ToArray();
        Assert.All(payloads, p => Assert.Equal(FakeTwilioMediaStream.FrameBytes, p.Length));
        Assert.Equal(audio, payloads.SelectMany(p => p).Take(400));
        Assert.All(payloads[2].Skip(80), b => Assert.Equal(FakeTwilioMediaStream.MuLawSilence, b));
        Assert.Equal(["1", "2", "3"], frames.Select(f => f.GetProperty("media").GetProperty("chunk").GetString()));
        Assert.Equal(["2", "3", "4"], frames.Select(f => f.GetProperty("sequenceNumber").GetString()));
        Assert.All(frames, f => Assert.Equal("inbound", f.GetProperty("media").GetProperty("track").GetString()));
        var timestamps = frames.Select(f => long.Parse(f.GetProperty("media").GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(timestamps[0] <= timestamps[1] && timestamps[1] <= timestamps[2], string.Join(",", timestamps));
    }

    [Fact]
    public async Task Marks_EchoedInOrderAsTheirAudioPlays_AndEveryPendingOneAtOnceOnClear()
    {
        await using var app = await TwilioApplicationStub.StartAsync();
        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), Options());
        await app.ReceiveEventAsync("start");

        // 100 ms of audio, a mark, 100 ms more, a mark: both come back played, in order.
        await app.SendAsync(Media(phone, 800));
        await app.SendAsync(Mark(phone, "a"));
        await app.SendAsync(Media(phone, 800));
        await app.SendAsync(Mark(phone, "b"));
        Assert.Equal("a", (await app.ReceiveEventAsync("mark")).GetProperty("mark").GetProperty("name").GetString());
        Assert.Equal("b", (await app.ReceiveEventAsync("mark")).GetProperty("mark").GetProperty("name").GetString());

        // Playout held: audio and marks queue up; a clear drops the audio and returns the marks at once.
        await phone.PausePlaybackAsync();
        await app.SendAsync(Media(phone, 8000));
        await app.SendAsync(Mark(phone, "c"));
        await app.SendAsync(Media(phone, 8000));
        await app.SendAsync(Mark(phone, "d"));
        await app.SendAsync("{\"event\":\"clear\",\"streamSid\":\"" + phone.StreamSid + "\"}");
        Assert.Equal("c", (await app.ReceiveEventAsync("mark")).GetProperty("mark").GetProperty("name").GetString());
        Assert.Equal("d", (await app.ReceiveEventAsync("mark")).GetProperty("mark").GetProperty("name").GetString());

        Assert.Equal(["a", "b", "c (cleared)", "d (cleared)"], phone.EchoedMarks.Select(e => e.ToString()));
        Assert.Equal(1, phone.ClearCount);
        Assert.Equal(800 + 800 + 8000 + 8000, phone.ReceivedAudio.Length);
        Assert.All(phone.ReceivedMessages, m => Assert.Null(m.Error));
    }

    [Fact]
    public async Task ReceivedMessages_NotWhatTwilioTakes_CarryTheReason()
    {
        await using var app = await TwilioApplicationStub.StartAsync();
        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), Options());
        await app.ReceiveEventAsync("start");

        await app.SendAsync("""{"event":"media","streamSid":"MZ-someone-else","media":{"payload":"AAAA"}}""");
        await app.SendAsync("{\"event\":\"media\",\"streamSid\":\"" + phone.StreamSid + "\",\"media\":{\"payload\":\"%%\"}}");
        await app.SendAsync("{\"event\":\"hangup\",\"streamSid\":\"" + phone.StreamSid + "\"}");
        var last = await phone.WaitForMessageAsync("hangup");

        var errors = phone.ReceivedMessages.Select(m => m.Error).ToArray();
        Assert.Contains("streamSid must be this stream's", errors[0], StringComparison.Ordinal);
        Assert.Contains("not base64", errors[1], StringComparison.Ordinal);
        Assert.Contains("not 'hangup'", last.Error, StringComparison.Ordinal);
        Assert.Equal(0, phone.ReceivedMediaCount);
    }

    [Fact]
    public async Task SendDtmfAndStop_TwilioShapes()
    {
        await using var app = await TwilioApplicationStub.StartAsync();
        await using var phone = await FakeTwilioMediaStream.DialAsync(new Uri(app.BaseUri, "/voice"), Options());
        await app.ReceiveEventAsync("start");

        await phone.SendDtmfAsync("7#");
        await phone.SendStopAsync();

        var seven = await app.ReceiveEventAsync("dtmf");
        var hash = await app.ReceiveEventAsync("dtmf");
        var stop = await app.ReceiveEventAsync("stop");
        Assert.Equal("7", seven.GetProperty("dtmf").GetProperty("digit").GetString());
        Assert.Equal("inbound_track", seven.GetProperty("dtmf").GetProperty("track").GetString());
        Assert.Equal("#", hash.GetProperty("dtmf").GetProperty("digit").GetString());
        Assert.Equal(phone.CallSid, stop.GetProperty("stop").GetProperty("callSid").GetString());
        Assert.Equal(phone.StreamSid, stop.GetProperty("streamSid").GetString());
    }
}
