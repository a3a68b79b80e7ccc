using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// conversation.item.*: the item to create (function calls, their outputs, messages and their content parts), and the
// item references of truncate, delete and retrieve.
internal static class ConversationItemValidator
{
    public static FakeProtocolError? ValidateCreate(JsonElement e)
    {
        if (!e.TryGetProperty("item", out JsonElement item))
        {
            return new("missing_required_parameter", "Missing required parameter: 'item'.", "item");
        }

        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return new("missing_required_parameter", "Missing required parameter: 'item.type'.", "item.type");
        }

        switch (type.GetString())
        {
            case "function_call_output":
                return ClientEventSchema.RequireString(item, "call_id", "item.") ?? ClientEventSchema.RequireString(item, "output", "item.");
            case "function_call":
                return ClientEventSchema.RequireString(item, "call_id", "item.") ?? ClientEventSchema.RequireString(item, "name", "item.") ?? ClientEventSchema.RequireString(item, "arguments", "item.");
            case "message":
                if (!item.TryGetProperty("role", out JsonElement role) || role.GetString() is not ("user" or "assistant" or "system"))
                {
                    return new("invalid_value", "Invalid value for 'item.role': expected 'user', 'assistant' or 'system'.", "item.role");
                }

                if (!item.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
                {
                    return new("missing_required_parameter", "Missing required parameter: 'item.content'.", "item.content");
                }

                // Each role has its own content types (SPEC RealtimeConversationItemMessageUser/System/Assistant): what the
                // caller typed is a user message with input_text.
                string roleName = role.GetString()!;
                foreach (JsonElement part in content.EnumerateArray())
                {
                    string? partType = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out JsonElement pt) ? pt.GetString() : null;
                    bool allowed = roleName switch
                    {
                        "user" => partType is "input_text" or "input_audio" or "input_image",
                        "system" => partType is "input_text",
                        _ => partType is "output_text" or "output_audio",
                    };
                    if (!allowed)
                    {
                        return new("invalid_value", $"Invalid value for 'item.content[].type': '{partType}' is not a content type of a {roleName} message.", "item.content.type");
                    }

                    if (partType is "input_text" or "output_text" && ClientEventSchema.RequireString(part, "text", "item.content[].") is { } textError)
                    {
                        return textError;
                    }
                }

                return null;
            default:
                return new("invalid_value", $"Invalid value for 'item.type': '{type.GetString()}'.", "item.type");
        }
    }

    public static FakeProtocolError? ValidateTruncate(JsonElement e) =>
        ClientEventSchema.RequireString(e, "item_id") ?? ClientEventSchema.RequireInteger(e, "content_index") ?? ClientEventSchema.RequireInteger(e, "audio_end_ms");

    // conversation.item.delete and conversation.item.retrieve.
    public static FakeProtocolError? ValidateReference(JsonElement e) => ClientEventSchema.RequireString(e, "item_id");
}
