using System;
using System.Net.WebSockets;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

/// <summary>What Twilio accepts from an application on a bidirectional stream: <c>media</c>, <c>mark</c> and <c>clear</c>, as JSON text, each with the stream's <c>streamSid</c>.</summary>
internal static class FakeTwilioMessageCheck
{
    /// <summary>The message's event, why Twilio would not take it (or null), and for <c>media</c> the decoded audio, for <c>mark</c> its name.</summary>
    public static (string Event, string? Error, byte[]? Payload, string? MarkName) Check(ReadOnlySpan<byte> message, WebSocketMessageType type, string streamSid)
    {
        if (type != WebSocketMessageType.Text)
        {
            return (string.Empty, "Twilio takes JSON text messages, not binary ones", null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (string.Empty, "the message is not a JSON object", null, null);
            }

            var eventName = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : string.Empty;
            if (!root.TryGetProperty("streamSid", out var sid) || sid.ValueKind != JsonValueKind.String || sid.GetString() != streamSid)
            {
                return (eventName, $"streamSid must be this stream's, {streamSid}", null, null);
            }

            switch (eventName)
            {
                case "media":
                    if (!root.TryGetProperty("media", out var media) || !media.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.String)
                    {
                        return (eventName, "media needs media.payload", null, null);
                    }

                    try
                    {
                        return (eventName, null, Convert.FromBase64String(payload.GetString()!), null);
                    }
                    catch (FormatException)
                    {
                        return (eventName, "media.payload is not base64", null, null);
                    }

                case "mark":
                    return root.TryGetProperty("mark", out var mark) && mark.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString()!.Length > 0
                        ? (eventName, null, null, name.GetString())
                        : (eventName, "mark needs a non-empty mark.name", null, null);
                case "clear":
                    return (eventName, null, null, null);
                default:
                    return (eventName, $"Twilio takes media, mark and clear, not '{eventName}'", null, null);
            }
        }
        catch (JsonException)
        {
            return (string.Empty, "the message is not valid JSON", null, null);
        }
    }
}
