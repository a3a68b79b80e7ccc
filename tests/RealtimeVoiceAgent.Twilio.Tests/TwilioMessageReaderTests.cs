using System;
using System.Text;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>Twilio's Media Streams messages, in the shapes of Twilio's documentation, and what malformed ones are reported as.</summary>
public sealed class TwilioMessageReaderTests
{
    private static readonly byte[] s_audio = [0x7F, 0xFF, 0x00, 0x80, 0x3E, 0xFB, 0xEF, 0xBF, 0x01];

    private static (TwilioMessageReader Reader, bool Ok, byte[] Audio) Read(string json)
    {
        var reader = new TwilioMessageReader();
        var audio = new byte[TwilioMessageReader.MaxPayloadBytes(Encoding.UTF8.GetByteCount(json))];
        var ok = reader.TryRead(Encoding.UTF8.GetBytes(json), audio);
        return (reader, ok, audio);
    }

    [Fact]
    public void TryRead_MediaAsTwilioSendsIt_DecodesThePayload()
    {
        var json = $$"""{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"{{Convert.ToBase64String(s_audio)}}"},"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}""";

        var (reader, ok, audio) = Read(json);

        Assert.True(ok, reader.Error);
        Assert.Equal(TwilioEventKind.Media, reader.Event);
        Assert.True(reader.IsInboundTrack);
        Assert.Equal(s_audio, audio.AsSpan(0, reader.PayloadBytes).ToArray());
    }

    [Fact]
    public void TryRead_EventAfterPayloadAndWhitespace_SameResult()
    {
        var json = $$"""
            { "media" : { "payload" : "{{Convert.ToBase64String(s_audio)}}", "extra": [1, {"a": null}] },
              "streamSid": "MZ1", "event" : "media" }
            """;

        var (reader, ok, audio) = Read(json);

        Assert.True(ok, reader.Error);
        Assert.Equal(TwilioEventKind.Media, reader.Event);
        Assert.Equal(s_audio, audio.AsSpan(0, reader.PayloadBytes).ToArray());
    }

    [Fact]
    public void TryRead_PayloadWithEscapedSlash_Unescaped()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF]; // "////"
        var json = """{"event":"media","media":{"payload":"\/\/\/\/"}}""";

        var (reader, ok, audio) = Read(json);

        Assert.True(ok, reader.Error);
        Assert.Equal(bytes, audio.AsSpan(0, reader.PayloadBytes).ToArray());
    }

    [Fact]
    public void TryRead_LongPayloadWithEscapedSlashes_Unescaped()
    {
        // Found by fuzzing: unescaping a payload longer than the reader's scratch buffer grew it under a span of the old one.
        var muLaw = new byte[300];
        muLaw.AsSpan().Fill(0xFF); // base64 "////…": every character escaped as "\/"
        var payload = Convert.ToBase64String(muLaw).Replace("/", "\\/", StringComparison.Ordinal);

        var (reader, ok, audio) = Read("{\"event\":\"media\",\"media\":{\"payload\":\"" + payload + "\"}}");

        Assert.True(ok, reader.Error);
        Assert.Equal(muLaw, audio.AsSpan(0, reader.PayloadBytes).ToArray());
    }

    [Fact]
    public void TryRead_OutboundTrack_NotTheCallers()
    {
        var (reader, ok, _) = Read("""{"event":"media","media":{"track":"outbound","payload":"AAAA"}}""");

        Assert.True(ok);
        Assert.False(reader.IsInboundTrack);
    }

    [Fact]
    public void TryRead_Mark_GivesItsName()
    {
        var (reader, ok, _) = Read("""{"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"item_1:1200"}}""");

        Assert.True(ok);
        Assert.Equal(TwilioEventKind.Mark, reader.Event);
        Assert.Equal("item_1:1200", Encoding.UTF8.GetString(reader.MarkName));
    }

    [Fact]
    public void TryRead_Dtmf_GivesTheKey()
    {
        var (reader, ok, _) = Read("""{"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"#"}}""");

        Assert.True(ok);
        Assert.Equal(TwilioEventKind.Dtmf, reader.Event);
        Assert.Equal('#', reader.Digit);
    }

    [Theory]
    [InlineData("""{"event":"connected","protocol":"Call","version":"1.0.0"}""", "Connected")]
    [InlineData("""{"event":"stop","sequenceNumber":"5","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}}""", "Stop")]
    [InlineData("""{"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1"},"streamSid":"MZ1"}""", "Start")]
    [InlineData("""{"event":"something_new","x":{"y":[1,2]}}""", "Unknown")]
    public void TryRead_OtherEvents_Recognised(string json, string kind)
    {
        var (reader, ok, _) = Read(json);

        Assert.True(ok, reader.Error);
        Assert.Equal(kind, reader.Event.ToString());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"event":"media","media":{"payload":"AAA""", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"streamSid":"MZ1"}""", "no \"event\"")]
    [InlineData("""{"event":7}""", "\"event\" is not a string")]
    [InlineData("""{"event":"media","media":{"track":"inbound"}}""", "media.payload")]
    [InlineData("""{"event":"media","media":{"payload":"not*base64"}}""", "not valid base64")]
    [InlineData("""{"event":"media","media":{"payload":12}}""", "not valid base64")]
    [InlineData("""{"event":"mark","mark":{}}""", "mark.name")]
    [InlineData("""{"event":"dtmf","dtmf":{"digit":"12"}}""", "dtmf.digit")]
    [InlineData("""{"event":"dtmf","dtmf":{"digit":"x"}}""", "dtmf.digit")]
    [InlineData("""{"event":"\ud800"}""", "not valid Unicode")] // found by fuzzing: GetString threw and ended the call
    [InlineData("""{"event":"mark","mark":{"name":"\udc00"}}""", "not valid Unicode")]
    public void TryRead_Malformed_SaysWhy(string json, string reason)
    {
        var (reader, ok, _) = Read(json);

        Assert.False(ok);
        Assert.Contains(reason, reader.Error, StringComparison.Ordinal);
    }
}
