using System.Text.Json;

namespace RealtimeVoiceAgent.Testing;

/// <summary>A message <see cref="FakeTwilioMediaStream"/> received from the application (<c>media</c>, <c>mark</c>, <c>clear</c>), recorded for assertions.</summary>
public sealed class FakeTwilioMessage
{
    internal FakeTwilioMessage(string @event, string json, string? error)
    {
        Event = @event;
        Json = json;
        Error = error;
    }

    /// <summary>The message's <c>event</c> (empty when missing or not a string).</summary>
    public string Event { get; }

    /// <summary>The raw JSON text exactly as received.</summary>
    public string Json { get; }

    /// <summary>Why Twilio would not accept the message (a wrong <c>streamSid</c>, a payload that is not base64, an unknown event…), or <see langword="null"/> when it is well formed.</summary>
    public string? Error { get; }

    /// <summary>Parses <see cref="Json"/> (a fresh, detached element per call).</summary>
    /// <returns>The root element.</returns>
    public JsonElement Parse()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public override string ToString() => Error is null ? Json : $"{Json} (not accepted: {Error})";
}
