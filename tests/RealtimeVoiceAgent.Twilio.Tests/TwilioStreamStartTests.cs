using System.Text;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

public sealed class TwilioStreamStartTests
{
    private static string Start(string mediaFormat) => $$$"""
        {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC123","streamSid":"MZ18ad","callSid":"CA456","tracks":["inbound"],
         "mediaFormat":{{{mediaFormat}}},"customParameters":{"from":"+14155552671","campaign":"spring"}},"streamSid":"MZ18ad"}
        """;

    [Fact]
    public void TryParse_TwilioStart_GivesIdsAndCustomParameters()
    {
        var start = TwilioStreamStart.TryParse(Encoding.UTF8.GetBytes(Start("""{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}""")), out var error);

        Assert.Null(error);
        Assert.NotNull(start);
        Assert.Equal("MZ18ad", start.StreamSid);
        Assert.Equal("CA456", start.CallSid);
        Assert.Equal("AC123", start.AccountSid);
        Assert.Equal("+14155552671", start.CustomParameters["from"]);
        Assert.Equal("spring", start.CustomParameters["campaign"]);
    }

    [Theory]
    [InlineData("""{"encoding":"audio/x-alaw","sampleRate":8000,"channels":1}""", "audio/x-alaw at 8000 Hz with 1 channel(s)")]
    [InlineData("""{"encoding":"audio/x-mulaw","sampleRate":16000,"channels":1}""", "audio/x-mulaw at 16000 Hz")]
    [InlineData("""{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":2}""", "with 2 channel(s)")]
    [InlineData("""{"sampleRate":"8000"}""", "(none) at 8000 Hz")]
    public void TryParse_OtherMediaFormat_RefusedNamingIt(string mediaFormat, string described)
    {
        var start = TwilioStreamStart.TryParse(Encoding.UTF8.GetBytes(Start(mediaFormat)), out var error);

        Assert.Null(start);
        Assert.Contains(described, error, System.StringComparison.Ordinal);
        Assert.Contains("audio/x-mulaw at 8000 Hz mono only", error, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"event":"start"}""", "no \"start\" object")]
    [InlineData("""{"event":"start","start":{"streamSid":"MZ1"}}""", "start.callSid")]
    [InlineData("""{"event":"start","start":{"streamSid":"MZ1","callSid":"CA1"}}""", "no start.mediaFormat")]
    [InlineData("""{"event":"start",""", "not valid JSON")]
    public void TryParse_Incomplete_SaysWhat(string json, string reason)
    {
        Assert.Null(TwilioStreamStart.TryParse(Encoding.UTF8.GetBytes(json), out var error));
        Assert.Contains(reason, error, System.StringComparison.Ordinal);
    }
}
