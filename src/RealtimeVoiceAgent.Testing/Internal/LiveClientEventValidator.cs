using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// The shapes of the 11 GPT-Live client events (live-protocol.md 3 and 4), checked as strictly as the service checks its
// session config: an unknown field is unknown_parameter with its dotted path, a missing required one
// missing_required_parameter, a value of the wrong kind invalid_type, a value out of range invalid_value. Where the sources
// conflict, both forms are accepted (custom voices, 16 kHz PCM and G.711 formats).
internal static class LiveClientEventValidator
{
    public static readonly string[] Types =
    [
        "session.start", "session.update", "session.input_audio.append", "session.input_audio.mute", "session.input_audio.unmute",
        "session.instructions.append", "session.thinking.append", "session.commentary.append", "response.item.create",
        "response.create", "session.close",
    ];

    private static readonly string[] s_sessionConfig = ["model", "instructions", "audio", "delegation", "input", "store", "client"];
    private static readonly string[] s_responsesConfig = ["model", "instructions", "max_output_tokens", "parallel_tool_calls", "reasoning", "text", "service_tier", "tool_choice", "tools"];
    private static readonly string[] s_functionTool = ["type", "name", "description", "parameters", "strict"];

    public static FakeProtocolError? Validate(string type, JsonElement root)
    {
        string[] fields = type switch
        {
            "session.start" or "session.update" => ["session"],
            "session.input_audio.append" => ["audio"],
            "session.instructions.append" or "session.thinking.append" or "session.commentary.append" => ["content", "delegation_id"],
            "response.item.create" => ["item"],
            _ => [],
        };

        FakeProtocolError? error = Keys(root, string.Empty, ["type", "event_id", .. fields]);
        if (error is not null)
        {
            return error;
        }

        if (root.TryGetProperty("event_id", out JsonElement eventId) && eventId.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return InvalidType("event_id", "a string or null");
        }

        return type switch
        {
            "session.start" => Required(root, "session", JsonValueKind.Object, "session") ?? SessionConfig(root.GetProperty("session")),
            "session.update" => Required(root, "session", JsonValueKind.Object, "session") ?? SessionUpdate(root.GetProperty("session")),
            "session.input_audio.append" => Required(root, "audio", JsonValueKind.String, "audio"),
            "session.instructions.append" or "session.thinking.append" or "session.commentary.append" => Append(root),
            "response.item.create" => Required(root, "item", JsonValueKind.Object, "item") ?? Item(root.GetProperty("item")),
            _ => null,
        };
    }

    private static FakeProtocolError? SessionConfig(JsonElement session)
    {
        FakeProtocolError? error = Keys(session, "session", s_sessionConfig) ?? Required(session, "model", JsonValueKind.String, "session.model");
        if (error is not null)
        {
            return error;
        }

        if (session.GetProperty("model").GetString()!.Length == 0)
        {
            return new FakeProtocolError("invalid_value", "session.model must not be empty.", "session.model");
        }

        if (session.TryGetProperty("instructions", out JsonElement instructions) && instructions.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return InvalidType("session.instructions", "a string or null");
        }

        if (session.TryGetProperty("audio", out JsonElement audio) && (error = Audio(audio)) is not null)
        {
            return error;
        }

        if (session.TryGetProperty("delegation", out JsonElement delegation) && delegation.ValueKind != JsonValueKind.Null && (error = Delegation(delegation, "session.delegation", update: false)) is not null)
        {
            return error;
        }

        if (session.TryGetProperty("input", out JsonElement input) && input.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("session.input", "an array");
        }

        if (session.TryGetProperty("store", out JsonElement store) && store.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return InvalidType("session.store", "a boolean");
        }

        return session.TryGetProperty("client", out JsonElement client) && client.ValueKind != JsonValueKind.Object ? InvalidType("session.client", "an object") : null;
    }

    private static FakeProtocolError? Audio(JsonElement audio)
    {
        if (audio.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("session.audio", "an object");
        }

        FakeProtocolError? error = Keys(audio, "session.audio", ["format", "output"]);
        if (error is not null)
        {
            return error;
        }

        if (audio.TryGetProperty("format", out JsonElement format))
        {
            error = Required(format, "type", JsonValueKind.String, "session.audio.format.type") ?? Keys(format, "session.audio.format", ["type", "rate"]);
            if (error is not null)
            {
                return error;
            }

            string formatType = format.GetProperty("type").GetString()!;
            int? rate = format.TryGetProperty("rate", out JsonElement rateElement) && rateElement.ValueKind == JsonValueKind.Number && rateElement.TryGetInt32(out int r) ? r : null;
            bool valid = formatType switch
            {
                FakeAudio.Pcm => rate is null or 24000 or 16000,
                FakeAudio.Pcmu or FakeAudio.Pcma => rate is null or 8000,
                _ => false,
            };
            if (!valid)
            {
                return new FakeProtocolError("invalid_value", $"Unsupported audio format {formatType} at {rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the default rate"}: use audio/pcm (24000 or 16000), audio/pcmu or audio/pcma (8000).", "session.audio.format");
            }
        }

        if (audio.TryGetProperty("output", out JsonElement output))
        {
            error = Keys(output, "session.audio.output", ["voice"]);
            if (error is not null)
            {
                return error;
            }

            if (output.TryGetProperty("voice", out JsonElement voice) && voice.ValueKind != JsonValueKind.String)
            {
                // A built-in or other voice name, or a custom voice {"id": "..."}.
                return voice.ValueKind != JsonValueKind.Object ? InvalidType("session.audio.output.voice", "a string or {\"id\"}") : Keys(voice, "session.audio.output.voice", ["id"]) ?? Required(voice, "id", JsonValueKind.String, "session.audio.output.voice.id");
            }
        }

        return null;
    }

    private static FakeProtocolError? Delegation(JsonElement delegation, string path, bool update)
    {
        if (delegation.ValueKind != JsonValueKind.Object)
        {
            return InvalidType(path, "an object");
        }

        FakeProtocolError? error = Required(delegation, "type", JsonValueKind.String, path + ".type");
        if (error is not null)
        {
            return error;
        }

        switch (delegation.GetProperty("type").GetString())
        {
            case "client":
                // Client delegation has no other fields: not even tools.
                return Keys(delegation, path, ["type"]);
            case "responses":
                error = Keys(delegation, path, ["type", "responses"]);
                if (error is not null)
                {
                    return error;
                }

                if (!delegation.TryGetProperty("responses", out JsonElement responses))
                {
                    return update ? null : Missing(path + ".responses");
                }

                return responses.ValueKind != JsonValueKind.Object ? InvalidType(path + ".responses", "an object") : Responses(responses, path + ".responses", update);
            default:
                return new FakeProtocolError("invalid_value", $"{path}.type must be 'client' or 'responses'.", path + ".type");
        }
    }

    private static FakeProtocolError? Responses(JsonElement responses, string path, bool update)
    {
        FakeProtocolError? error = Keys(responses, path, s_responsesConfig);
        if (error is not null)
        {
            return error;
        }

        if (!update && (error = Required(responses, "model", JsonValueKind.String, path + ".model")) is not null)
        {
            return error;
        }

        if (responses.TryGetProperty("tool_choice", out JsonElement choice) && choice.ValueKind == JsonValueKind.String && choice.GetString() is not ("auto" or "none" or "required"))
        {
            return new FakeProtocolError("invalid_value", $"{path}.tool_choice must be auto, none, required or a tool object.", path + ".tool_choice");
        }

        if (!responses.TryGetProperty("tools", out JsonElement tools))
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return InvalidType(path + ".tools", "an array");
        }

        int index = 0;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            string toolPath = $"{path}.tools[{index++}]";
            error = tool.ValueKind != JsonValueKind.Object ? InvalidType(toolPath, "an object") : Required(tool, "type", JsonValueKind.String, toolPath + ".type");
            if (error is not null)
            {
                return error;
            }

            if (tool.GetProperty("type").GetString() == "function")
            {
                // Function tools come back to the client; hosted tools (web_search, mcp, ...) have shapes of their own.
                error = Keys(tool, toolPath, s_functionTool) ?? Required(tool, "name", JsonValueKind.String, toolPath + ".name");
                if (error is not null)
                {
                    return error;
                }

                if (tool.TryGetProperty("parameters", out JsonElement parameters) && parameters.ValueKind != JsonValueKind.Object)
                {
                    return InvalidType(toolPath + ".parameters", "a JSON schema object");
                }
            }
        }

        return null;
    }

    private static FakeProtocolError? SessionUpdate(JsonElement session)
    {
        // Only the Responses backend can change after start (model, instructions, input and audio are immutable).
        foreach (JsonProperty property in session.EnumerateObject())
        {
            if (property.Name != "delegation")
            {
                return s_sessionConfig.Contains(property.Name)
                    ? new FakeProtocolError("immutable_field_update", $"session.{property.Name} cannot be updated after session.start.", "session." + property.Name)
                    : UnknownParameter("session." + property.Name);
            }
        }

        return session.TryGetProperty("delegation", out JsonElement delegation) ? Delegation(delegation, "session.delegation", update: true) : null;
    }

    private static FakeProtocolError? Append(JsonElement root)
    {
        FakeProtocolError? error = Required(root, "content", JsonValueKind.String, "content");
        if (error is not null)
        {
            return error;
        }

        if (root.GetProperty("content").GetString()!.Length == 0)
        {
            return new FakeProtocolError("invalid_value", "content must not be empty.", "content");
        }

        // The key is required even for general context (null).
        if (!root.TryGetProperty("delegation_id", out JsonElement delegationId))
        {
            return Missing("delegation_id");
        }

        return delegationId.ValueKind is JsonValueKind.String or JsonValueKind.Null ? null : InvalidType("delegation_id", "a string or null");
    }

    private static FakeProtocolError? Item(JsonElement item)
    {
        FakeProtocolError? error = Required(item, "type", JsonValueKind.String, "item.type");
        if (error is not null)
        {
            return error;
        }

        switch (item.GetProperty("type").GetString())
        {
            case "function_call_output":
                return Keys(item, "item", ["type", "id", "call_id", "output", "status"])
                    ?? Required(item, "call_id", JsonValueKind.String, "item.call_id")
                    ?? Required(item, "output", JsonValueKind.String, "item.output");
            case "message":
                error = Keys(item, "item", ["type", "id", "role", "content", "status"]) ?? Required(item, "role", JsonValueKind.String, "item.role");
                if (error is not null)
                {
                    return error;
                }

                if (item.GetProperty("role").GetString() is not ("user" or "developer" or "system" or "assistant"))
                {
                    return new FakeProtocolError("invalid_value", "item.role must be user, developer, system or assistant.", "item.role");
                }

                return item.TryGetProperty("content", out JsonElement content) && content.ValueKind is JsonValueKind.String or JsonValueKind.Array ? null : Missing("item.content");
            default:
                // Any other Responses input item: the backend checks it.
                return null;
        }
    }

    private static FakeProtocolError? Keys(JsonElement element, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                return UnknownParameter(path.Length == 0 ? property.Name : path + "." + property.Name);
            }
        }

        return null;
    }

    private static FakeProtocolError? Required(JsonElement element, string name, JsonValueKind kind, string path)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
        {
            return Missing(path);
        }

        return value.ValueKind == kind ? null : InvalidType(path, kind == JsonValueKind.Object ? "an object" : "a " + kind.ToString().ToLowerInvariant());
    }

    private static FakeProtocolError UnknownParameter(string path) => new("unknown_parameter", $"Unknown parameter: '{path}'.", path);

    private static FakeProtocolError Missing(string path) => new("missing_required_parameter", $"Missing required parameter: '{path}'.", path);

    private static FakeProtocolError InvalidType(string path, string expected) => new("invalid_type", $"Invalid type for '{path}': expected {expected}.", path);
}
