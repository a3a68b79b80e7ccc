using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// session.update: the known session fields, audio formats (PCM only at 24 kHz), voices, turn detection, transcription,
// noise reduction, tools and tool choice.
internal static class SessionUpdateValidator
{
    private static readonly HashSet<string> s_sessionFields = new(StringComparer.Ordinal)
    {
        "type", "model", "instructions", "output_modalities", "audio", "tools", "tool_choice", "parallel_tool_calls",
        "reasoning", "max_output_tokens", "truncation", "tracing", "prompt", "include",
    };

    private static readonly HashSet<string> s_voices = new(StringComparer.Ordinal)
    {
        "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar",
    };

    public static FakeProtocolError? Validate(JsonElement e)
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

        FakeProtocolError? error = ClientEventSchema.ValidateModalities(session, "session");
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

        return ClientEventSchema.ValidateMaxOutputTokens(session, "session");
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

        if (type.GetString() is not ("server_vad" or "semantic_vad"))
        {
            return new("invalid_value", $"Invalid value for '{path}.type': expected 'server_vad' or 'semantic_vad'.", path + ".type");
        }

        // The settings the fake acts on must have the service's types, or a later commit or append would fail on them.
        foreach (JsonProperty field in turnDetection.EnumerateObject())
        {
            JsonValueKind kind = field.Value.ValueKind;
            bool valid = field.Name switch
            {
                "type" => true,
                "create_response" or "interrupt_response" => kind is JsonValueKind.True or JsonValueKind.False,
                "prefix_padding_ms" or "silence_duration_ms" => kind == JsonValueKind.Number && field.Value.TryGetInt32(out int ms) && ms >= 0,
                "idle_timeout_ms" => kind == JsonValueKind.Null || kind == JsonValueKind.Number && field.Value.TryGetInt32(out int idle) && idle >= 0,
                "threshold" => kind == JsonValueKind.Number && field.Value.GetDouble() is >= 0 and <= 1,
                "eagerness" => kind == JsonValueKind.String && field.Value.GetString() is "low" or "medium" or "high" or "auto",
                _ => false,
            };
            if (!valid)
            {
                string fieldPath = path + "." + field.Name;
                return field.Name is "type" or "create_response" or "interrupt_response" or "prefix_padding_ms" or "silence_duration_ms" or "idle_timeout_ms" or "threshold" or "eagerness"
                    ? new("invalid_value", $"Invalid value for '{fieldPath}'.", fieldPath)
                    : new("unknown_parameter", $"Unknown parameter: '{fieldPath}'.", fieldPath);
            }
        }

        return null;
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
}
