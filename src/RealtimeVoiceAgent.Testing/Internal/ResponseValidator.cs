using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// response.create (the optional response parameters) and response.cancel.
internal static class ResponseValidator
{
    private static readonly HashSet<string> s_responseFields = new(StringComparer.Ordinal)
    {
        "output_modalities", "instructions", "audio", "tools", "tool_choice", "parallel_tool_calls", "reasoning",
        "max_output_tokens", "conversation", "metadata", "prompt", "input",
    };

    public static FakeProtocolError? ValidateCreate(JsonElement e)
    {
        if (!e.TryGetProperty("response", out JsonElement response) || response.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (response.ValueKind != JsonValueKind.Object)
        {
            return new("invalid_type", "Invalid type for 'response': expected an object.", "response");
        }

        foreach (JsonProperty property in response.EnumerateObject())
        {
            if (!s_responseFields.Contains(property.Name))
            {
                return new("unknown_parameter", $"Unknown parameter: 'response.{property.Name}'.", "response." + property.Name);
            }
        }

        if (response.TryGetProperty("conversation", out JsonElement conversation) && conversation.GetString() is not ("auto" or "none"))
        {
            return new("invalid_value", "Invalid value for 'response.conversation': expected 'auto' or 'none'.", "response.conversation");
        }

        if (response.TryGetProperty("instructions", out JsonElement instructions) && instructions.ValueKind != JsonValueKind.String)
        {
            return new("invalid_type", "Invalid type for 'response.instructions': expected a string.", "response.instructions");
        }

        return ClientEventSchema.ValidateModalities(response, "response") ?? ClientEventSchema.ValidateMaxOutputTokens(response, "response");
    }

    public static FakeProtocolError? ValidateCancel(JsonElement e) =>
        e.TryGetProperty("response_id", out JsonElement id) && id.ValueKind != JsonValueKind.String
            ? new("invalid_type", "Invalid type for 'response_id': expected a string.", "response_id")
            : null;
}
