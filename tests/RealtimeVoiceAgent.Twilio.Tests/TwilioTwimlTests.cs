using System.Xml.Linq;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

public sealed class TwilioTwimlTests
{
    [Fact]
    public void ConnectStream_WithCallerNumber_ConnectsTheStreamAndPassesItAsParameter()
    {
        var twiml = TwilioTwiml.ConnectStream("wss://contacts.example.com/twilio/media", "+14155552671");

        Assert.Equal(
            """<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://contacts.example.com/twilio/media"><Parameter name="from" value="+14155552671" /></Stream></Connect></Response>""",
            twiml);
    }

    [Fact]
    public void ConnectStream_ValuesWithXmlCharacters_AreEscaped()
    {
        var twiml = TwilioTwiml.ConnectStream("wss://h.example.com/a?b=1&c=2", "\"/><Hangup/><x a=\"&");

        var stream = XDocument.Parse(twiml).Root!.Element("Connect")!.Element("Stream")!;
        Assert.Equal("wss://h.example.com/a?b=1&c=2", stream.Attribute("url")!.Value);
        Assert.Equal("\"/><Hangup/><x a=\"&", stream.Element("Parameter")!.Attribute("value")!.Value);
        Assert.Null(XDocument.Parse(twiml).Root!.Element("Hangup"));
        Assert.Contains("&amp;", twiml, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectStream_NoCallerNumber_HasNoParameter()
    {
        var twiml = TwilioTwiml.ConnectStream("wss://contacts.example.com/twilio/media", null);

        Assert.Null(XDocument.Parse(twiml).Root!.Element("Connect")!.Element("Stream")!.Element("Parameter"));
    }
}
