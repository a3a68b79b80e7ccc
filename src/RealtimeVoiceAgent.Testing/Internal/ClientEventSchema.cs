using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// Schema checks that several client event families share: required string and integer parameters, and the
// output_modalities and max_output_tokens fields that both session.update and response.create carry.
internal static class ClientEventSchema
{
    public static FakeProtocolError? RequireString(JsonElement e, string name, string prefix = "")
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return new("missing_required_parameter", $"Missing required parameter: '{prefix}{name}'.", prefix + name);
        }

        return value.ValueKind == JsonValueKind.String ? null : new("invalid_type", $"Invalid type for '{prefix}{name}': expected a string.", prefix + name);
    }

    public static FakeProtocolError? RequireInteger(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return new("missing_required_parameter", $"Missing required parameter: '{name}'.", name);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : new("invalid_type", $"Invalid type for '{name}': expected an integer.", name);
    }

    public static FakeProtocolError? ValidateModalities(JsonElement parent, string path)
    {
        if (!parent.TryGetProperty("output_modalities", out JsonElement modalities))
        {
            return null;
        }

        string param = path + ".output_modalities";
        if (modalities.ValueKind != JsonValueKind.Array || modalities.GetArrayLength() != 1)
        {
            return new("invalid_value", $"Invalid value for '{param}': expected exactly one of ['audio'] or ['text'].", param);
        }

        return modalities[0].ValueKind == JsonValueKind.String && modalities[0].GetString() is "audio" or "text"
            ? null
            : new("invalid_value", $"Invalid value for '{param}[0]'.", param + "[0]");
    }

    public static FakeProtocolError? ValidateMaxOutputTokens(JsonElement parent, string path)
    {
        if (!parent.TryGetProperty("max_output_tokens", out JsonElement max))
        {
            return null;
        }

        bool valid = max.ValueKind == JsonValueKind.String ? max.GetString() == "inf" : max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out int n) && n is >= 1 and <= 4096;
        return valid ? null : new("invalid_value", $"Invalid value for '{path}.max_output_tokens': expected 1-4096 or 'inf'.", path + ".max_output_tokens");
    }
}
