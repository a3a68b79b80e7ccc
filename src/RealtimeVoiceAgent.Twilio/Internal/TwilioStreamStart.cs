using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// A stream's <c>start</c> message: its ids and custom parameters, once the media format is known to be the one Twilio
/// streams (μ-law, 8000 Hz, mono). Read with <see cref="JsonDocument"/>: it comes once per call.
/// </summary>
internal sealed class TwilioStreamStart
{
    private TwilioStreamStart(string streamSid, string callSid, string? accountSid, Dictionary<string, string> customParameters)
    {
        StreamSid = streamSid;
        CallSid = callSid;
        AccountSid = accountSid;
        CustomParameters = customParameters;
    }

    public string StreamSid { get; }

    public string CallSid { get; }

    public string? AccountSid { get; }

    /// <summary>The <c>&lt;Parameter&gt;</c>s of the TwiML's <c>&lt;Stream&gt;</c>, e.g. <c>from</c>.</summary>
    public IReadOnlyDictionary<string, string> CustomParameters { get; }

    /// <summary>Reads a <c>start</c> message; null with <paramref name="error"/> (words for the log, no content) when it cannot be used.</summary>
    public static TwilioStreamStart? TryParse(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("start", out var start) || start.ValueKind != JsonValueKind.Object)
            {
                error = "the start message has no \"start\" object";
                return null;
            }

            var streamSid = GetString(start, "streamSid") ?? GetString(root, "streamSid");
            var callSid = GetString(start, "callSid");
            if (string.IsNullOrEmpty(streamSid) || string.IsNullOrEmpty(callSid))
            {
                error = "the start message needs start.streamSid and start.callSid";
                return null;
            }

            error = DescribeUnsupportedFormat(start);
            return error is null ? new TwilioStreamStart(streamSid, callSid, GetString(start, "accountSid"), ReadCustomParameters(start)) : null;
        }
        catch (JsonException)
        {
            error = "the start message is not valid JSON";
            return null;
        }
    }

    // Media Streams always send μ-law at 8 kHz mono; anything else would be played as noise, so it is refused.
    private static string? DescribeUnsupportedFormat(JsonElement start)
    {
        if (!start.TryGetProperty("mediaFormat", out var format) || format.ValueKind != JsonValueKind.Object)
        {
            return "the start message has no start.mediaFormat";
        }

        var encoding = GetString(format, "encoding");
        var rate = GetInt(format, "sampleRate");
        var channels = GetInt(format, "channels");
        return encoding == "audio/x-mulaw" && rate == 8000 && channels == 1
            ? null
            : $"the stream's media format is {encoding ?? "(none)"} at {rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no rate)"} Hz with {channels?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no)"} channel(s); this transport takes audio/x-mulaw at 8000 Hz mono only";
    }

    private static Dictionary<string, string> ReadCustomParameters(JsonElement start)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (start.TryGetProperty("customParameters", out var custom) && custom.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in custom.EnumerateObject())
            {
                parameters[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return parameters;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Twilio sends the rate and channels as numbers; a string holding a number is accepted too.
    private static int? GetInt(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        return value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) ? number : null;
    }
}
