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

        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", new XElement("Connect", stream)));
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }
}
