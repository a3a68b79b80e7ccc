using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// Stateless checks of client events against the GA protocol (required fields, types, known parameters), answering
// with the error codes the real service uses (protocol doc 3, 7). State-dependent checks live in FakeRealtimeConnection.
internal static class ClientEventValidator
{
    private static readonly HashSet<string> s_sessionFields = new(StringComparer.Ordinal)
    {
        "type", "model", "instructions", "output_modalities", "audio", "tools", "tool_choice", "parallel_tool_calls",
        "reasoning", "max_output_tokens", "truncation", "tracing", "prompt", "include",
    };

    private static readonly HashSet<string> s_responseFields = new(StringComparer.Ordinal)
    {
        "output_modalities", "instructions", "audio", "tools", "tool_choice", "parallel_tool_calls", "reasoning",
        "max_output_tokens", "conversation", "metadata", "prompt", "input",
    };

    private static readonly HashSet<string> s_voices = new(StringComparer.Ordinal)
    {
        "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar",
    };

    public static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.retrieve", "conversation.item.truncate", "conversation.item.delete",
        "response.create", "response.cancel", "output_audio_buffer.clear",
    };

    public static FakeProtocolError? Validate(string type, JsonElement e)
    {
        if (e.TryGetProperty("event_id", out JsonElement eventId) && (eventId.ValueKind != JsonValueKind.String || eventId.GetString()!.Length > 512))
        {
            return new("invalid_type", "Invalid 'event_id': expected a string of at most 512 characters.", "event_id");
        }

        return type switch
        {
            "session.update" => ValidateSessionUpdate(e),
            "input_audio_buffer.append" => ValidateAppend(e),
            "conversation.item.create" => ValidateItemCreate(e),
            "conversation.item.truncate" => RequireString(e, "item_id") ?? RequireInteger(e, "content_index") ?? RequireInteger(e, "audio_end_ms"),
            "conversation.item.delete" or "conversation.item.retrieve" => RequireString(e, "item_id"),
            "response.create" => ValidateResponseCreate(e),
            "response.cancel" => e.TryGetProperty("response_id", out JsonElement id) && id.ValueKind != JsonValueKind.String
                ? new("invalid_type", "Invalid type for 'response_id': expected a string.", "response_id")
                : null,
            "output_audio_buffer.clear" => new("invalid_request_error", "output_audio_buffer.clear is only supported for WebRTC and SIP sessions."),
            _ => null,
        };
    }

    private static FakeProtocolError? ValidateSessionUpdate(JsonElement e)
    {
        if (!e.TryGetProperty("session", out JsonElement session))
        {
            return new("missing_required_parameter", "Missing required parameter: 'session'.", "session");
        }

        if (session.ValueKind != JsonValueKind.Object)
        {
            return new("invalid_type", "Invalid type for 'session': expected an object.", "session");
        }

        foreach (JsonProperty property in session.EnumerateObject())
        {
            if (!s_sessionFields.Contains(property.Name))
            {
                return new("unknown_parameter", $"Unknown parameter: 'session.{property.Name}'.", "session." + property.Name);
            }
        }

        if (!session.TryGetProperty("type", out JsonElement sessionType))
        {
            return new("missing_required_parameter", "Missing required parameter: 'session.type'.", "session.type");
        }

        if (sessionType.ValueKind != JsonValueKind.String || sessionType.GetString() is not ("realtime" or "transcription"))
        {
            return new("invalid_value", "Invalid value for 'session.type': expected 'realtime' or 'transcription'.", "session.type");
        }

        if (session.TryGetProperty("instructions", out JsonElement instructions) && instructions.ValueKind != JsonValueKind.String)
        {
            return new("invalid_type", "Invalid type for 'session.instructions': expected a string.", "session.instructions");
        }

        FakeProtocolError? error = ValidateModalities(session, "session");
        if (error is not null)
        {
            return error;
        }

        if (session.TryGetProperty("audio", out JsonElement audio))
        {
            error = ValidateAudio(audio);
            if (error is not null)
            {
                return error;
            }
        }

        if (session.TryGetProperty("tools", out JsonElement tools))
        {
            error = ValidateTools(tools, "session.tools");
            if (error is not null)
            {
                return error;
            }
        }

        if (session.TryGetProperty("tool_choice", out JsonElement toolChoice))
        {
            bool valid = toolChoice.ValueKind == JsonValueKind.String
                ? toolChoice.GetString() is "auto" or "none" or "required"
                : toolChoice.ValueKind == JsonValueKind.Object && toolChoice.TryGetProperty("type", out JsonElement choiceType) && choiceType.ValueKind == JsonValueKind.String;
            if (!valid)
            {
                return new("invalid_value", "Invalid value for 'session.tool_choice'.", "session.tool_choice");
            }
        }

        return ValidateMaxOutputTokens(session, "session");
    }

    private static FakeProtocolError? ValidateAudio(JsonElement audio)
    {
        if (audio.ValueKind != JsonValueKind.Object)
        {
            return new("invalid_type", "Invalid type for 'session.audio': expected an object.", "session.audio");
        }

        foreach (JsonProperty direction in audio.EnumerateObject())
        {
            string path = "session.audio." + direction.Name;
            if (direction.Name is not ("input" or "output"))
            {
                return new("unknown_parameter", $"Unknown parameter: '{path}'.", path);
            }

            if (direction.Value.ValueKind != JsonValueKind.Object)
            {
                return new("invalid_type", $"Invalid type for '{path}': expected an object.", path);
            }

            foreach (JsonProperty field in direction.Value.EnumerateObject())
            {
                string fieldPath = path + "." + field.Name;
                bool known = direction.Name == "input"
                    ? field.Name is "format" or "transcription" or "noise_reduction" or "turn_detection"
                    : field.Name is "format" or "voice" or "speed";
                if (!known)
                {
                    return new("unknown_parameter", $"Unknown parameter: '{fieldPath}'.", fieldPath);
                }

                FakeProtocolError? error = field.Name switch
                {
                    "format" => ValidateFormat(field.Value, fieldPath),
                    "voice" => field.Value.ValueKind == JsonValueKind.String && s_voices.Contains(field.Value.GetString()!)
                        || field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("id", out _)
                        ? null
                        : new("invalid_value", $"Invalid value for '{fieldPath}'.", fieldPath),
                    "turn_detection" => ValidateTurnDetection(field.Value, fieldPath),
                    "transcription" => field.Value.ValueKind == JsonValueKind.Null
                        || field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String
                        ? null
                        : new("invalid_value", $"Invalid value for '{fieldPath}': expected null or an object with a 'model'.", fieldPath + ".model"),
                    "noise_reduction" => field.Value.ValueKind == JsonValueKind.Null
                        || field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("type", out JsonElement nr) && nr.GetString() is "near_field" or "far_field"
                        ? null
                        : new("invalid_value", $"Invalid value for '{fieldPath}.type'.", fieldPath + ".type"),
                    "speed" => field.Value.ValueKind == JsonValueKind.Number && field.Value.GetDouble() is >= 0.25 and <= 1.5
                        ? null
                        : new("invalid_value", $"Invalid value for '{fieldPath}': expected a number from 0.25 to 1.5.", fieldPath),
                    _ => null,
                };
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static FakeProtocolError? ValidateFormat(JsonElement format, string path)
    {
        if (format.ValueKind != JsonValueKind.Object)
        {
            return new("invalid_type", $"Invalid type for '{path}': expected an object.", path);
        }

        if (!format.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return new("missing_required_parameter", $"Missing required parameter: '{path}.type'.", path + ".type");
        }

        switch (type.GetString())
        {
            case "audio/pcm":
                if (!format.TryGetProperty("rate", out JsonElement rate))
                {
                    return new("missing_required_parameter", $"Missing required parameter: '{path}.rate'.", path + ".rate");
                }

                return rate.ValueKind == JsonValueKind.Number && rate.TryGetInt32(out int hz) && hz == 24000
                    ? null
                    : new("invalid_value", $"Invalid value for '{path}.rate': only 24000 is supported.", path + ".rate");
            case "audio/pcmu" or "audio/pcma":
                return null;
            default:
                return new("invalid_value", $"Invalid value for '{path}.type': expected 'audio/pcm', 'audio/pcmu' or 'audio/pcma'.", path + ".type");
        }
    }

    private static FakeProtocolError? ValidateTurnDetection(JsonElement turnDetection, string path)
    {
        if (turnDetection.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (turnDetection.ValueKind != JsonValueKind.Object || !turnDetection.TryGetProperty("type", out JsonElement type))
        {
            return new("missing_required_parameter", $"Missing required parameter: '{path}.type'.", path + ".type");
        }

        return type.GetString() switch
        {
            "server_vad" or "semantic_vad" => null,
            _ => new("invalid_value", $"Invalid value for '{path}.type': expected 'server_vad' or 'semantic_vad'.", path + ".type"),
        };
    }

    private static FakeProtocolError? ValidateTools(JsonElement tools, string path)
    {
        if (tools.ValueKind != JsonValueKind.Array)
        {
            return new("invalid_type", $"Invalid type for '{path}': expected an array.", path);
        }

        int index = 0;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            string toolPath = $"{path}[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
            {
                return new("missing_required_parameter", $"Missing required parameter: '{toolPath}.type'.", toolPath + ".type");
            }

            if (type.GetString() == "function")
            {
                if (!tool.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
                {
                    return new("missing_required_parameter", $"Missing required parameter: '{toolPath}.name'.", toolPath + ".name");
                }

                if (tool.TryGetProperty("parameters", out JsonElement parameters) && parameters.ValueKind != JsonValueKind.Object)
                {
                    return new("invalid_type", $"Invalid type for '{toolPath}.parameters': expected an object.", toolPath + ".parameters");
                }
            }
        }

        return null;
    }

    private static FakeProtocolError? ValidateModalities(JsonElement parent, string path)
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

    private static FakeProtocolError? ValidateMaxOutputTokens(JsonElement parent, string path)
    {
        if (!parent.TryGetProperty("max_output_tokens", out JsonElement max))
        {
            return null;
        }

        bool valid = max.ValueKind == JsonValueKind.String ? max.GetString() == "inf" : max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out int n) && n is >= 1 and <= 4096;
        return valid ? null : new("invalid_value", $"Invalid value for '{path}.max_output_tokens': expected 1-4096 or 'inf'.", path + ".max_output_tokens");
    }

    private static FakeProtocolError? ValidateAppend(JsonElement e)
    {
        FakeProtocolError? error = RequireString(e, "audio");
        if (error is not null)
        {
            return error;
        }

        string audio = e.GetProperty("audio").GetString()!;
        Span<byte> scratch = audio.Length <= 4096 ? stackalloc byte[audio.Length] : new byte[audio.Length];
        return audio.Length > 0 && Convert.TryFromBase64String(audio, scratch, out _)
            ? null
            : new("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes (mono PCM16 at 24kHz) but got a value that could not be decoded.", "audio");
    }

    private static FakeProtocolError? ValidateItemCreate(JsonElement e)
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
                return RequireString(item, "call_id", "item.") ?? RequireString(item, "output", "item.");
            case "function_call":
                return RequireString(item, "call_id", "item.") ?? RequireString(item, "name", "item.") ?? RequireString(item, "arguments", "item.");
            case "message":
                if (!item.TryGetProperty("role", out JsonElement role) || role.GetString() is not ("user" or "assistant" or "system"))
                {
                    return new("invalid_value", "Invalid value for 'item.role': expected 'user', 'assistant' or 'system'.", "item.role");
                }

                if (!item.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
                {
                    return new("missing_required_parameter", "Missing required parameter: 'item.content'.", "item.content");
                }

                foreach (JsonElement part in content.EnumerateArray())
                {
                    string? partType = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out JsonElement pt) ? pt.GetString() : null;
                    if (partType is not ("input_text" or "input_audio" or "input_image" or "output_text" or "text"))
                    {
                        return new("invalid_value", "Invalid value for 'item.content[].type'.", "item.content.type");
                    }

                    if (partType is "input_text" or "output_text" or "text" && RequireString(part, "text", "item.content[].") is { } textError)
                    {
                        return textError;
                    }
                }

                return null;
            default:
                return new("invalid_value", $"Invalid value for 'item.type': '{type.GetString()}'.", "item.type");
        }
    }

    private static FakeProtocolError? ValidateResponseCreate(JsonElement e)
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

        return ValidateModalities(response, "response") ?? ValidateMaxOutputTokens(response, "response");
    }

    private static FakeProtocolError? RequireString(JsonElement e, string name, string prefix = "")
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return new("missing_required_parameter", $"Missing required parameter: '{prefix}{name}'.", prefix + name);
        }

        return value.ValueKind == JsonValueKind.String ? null : new("invalid_type", $"Invalid type for '{prefix}{name}': expected a string.", prefix + name);
    }

    private static FakeProtocolError? RequireInteger(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return new("missing_required_parameter", $"Missing required parameter: '{name}'.", name);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : new("invalid_type", $"Invalid type for '{name}': expected an integer.", name);
    }
}
