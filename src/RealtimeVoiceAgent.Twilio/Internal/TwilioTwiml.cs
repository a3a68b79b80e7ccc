using System.Xml.Linq;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>The TwiML the voice webhook answers with: connect the call to the media stream, passing the caller's number.</summary>
internal static class TwilioTwiml
{
    /// <summary>The name of the <c>&lt;Parameter&gt;</c> that carries the caller's number (<c>start.customParameters.from</c>).</summary>
    public const string FromParameter = "from";

    /// <summary>
    /// <c>&lt;Response&gt;&lt;Connect&gt;&lt;Stream url="…"&gt;&lt;Parameter name="from" value="…"/&gt;&lt;/Stream&gt;&lt;/Connect&gt;&lt;/Response&gt;</c>;
    /// values are XML-escaped (LINQ to XML writes them).
    /// </summary>
    public static string ConnectStream(string streamUrl, string? from)
    {
        var stream = new XElement("Stream", new XAttribute("url", streamUrl));
        if (!string.IsNullOrEmpty(from))
        {
            stream.Add(new XElement("Parameter", new XAttribute("name", FromParameter), new XAttribute("value", from)));
        }

        return Render(new XElement("Connect", stream));
    }

    /// <summary>
    /// <c>&lt;Response&gt;&lt;Reject reason="busy"/&gt;&lt;/Response&gt;</c>: the caller hears a busy tone and the call is not
    /// answered (nor billed), so they can call again; used while the host drains for a restart.
    /// </summary>
    public static string RejectBusy() => Render(new XElement("Reject", new XAttribute("reason", "busy")));

    private static string Render(XElement verb)
    {
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", verb));
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }
}
