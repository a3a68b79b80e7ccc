using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace RealtimeVoiceAgent.Tools;

/// <summary>
/// Turns the model's JSON arguments into <see cref="AIFunctionArguments"/>, checking them against the function's
/// JSON Schema first so that a missing or mistyped argument becomes an error naming the argument.
/// </summary>
internal static class ToolArgumentBinder
{
    public static ToolError? TryBind(JsonElement schema, string? argumentsJson, out AIFunctionArguments? arguments)
    {
        arguments = null;
        JsonElement root;
        if (string.IsNullOrWhiteSpace(argumentsJson))
        {
            // Realtime sends "" or "{}" for a function without parameters.
            root = default;
        }
        else
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(argumentsJson);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return new ToolError(ToolErrorCodes.InvalidArguments, $"The arguments are not valid JSON ({ex.Message}). Send a JSON object.");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ToolError(ToolErrorCodes.InvalidArguments, $"The arguments must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}.");
            }
        }

        ToolError? schemaError = CheckAgainstSchema(schema, root);
        if (schemaError is not null)
        {
            return schemaError;
        }

        var bound = new AIFunctionArguments();
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in root.EnumerateObject())
            {
                bound[property.Name] = property.Value;
            }
        }

        arguments = bound;
        return null;
    }

    private static ToolError? CheckAgainstSchema(JsonElement schema, JsonElement arguments)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("required", out JsonElement required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement requiredName in required.EnumerateArray())
            {
                string? name = requiredName.GetString();
                if (name is not null && (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(name, out _)))
                {
                    return new ToolError(ToolErrorCodes.InvalidArguments, $"The required argument '{name}' is missing.", name);
                }
            }
        }

        if (arguments.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out JsonElement properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (JsonProperty argument in arguments.EnumerateObject())
        {
            if (properties.TryGetProperty(argument.Name, out JsonElement propertySchema)
                && propertySchema.ValueKind == JsonValueKind.Object
                && propertySchema.TryGetProperty("type", out JsonElement type)
                && !Matches(type, argument.Value))
            {
                return new ToolError(
                    ToolErrorCodes.InvalidArguments,
                    $"The argument '{argument.Name}' must be {Describe(type)}, not {argument.Value.ValueKind.ToString().ToLowerInvariant()}.",
                    argument.Name);
            }
        }

        return null;
    }

    private static bool Matches(JsonElement type, JsonElement value)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return MatchesType(type.GetString(), value);
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement alternative in type.EnumerateArray())
            {
                if (alternative.ValueKind == JsonValueKind.String && MatchesType(alternative.GetString(), value))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    private static bool MatchesType(string? type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal number) && decimal.Truncate(number) == number,
        _ => true,
    };

    private static string Describe(JsonElement type)
    {
        if (type.ValueKind != JsonValueKind.Array)
        {
            return $"a {type}";
        }

        var names = new List<string>();
        foreach (JsonElement alternative in type.EnumerateArray())
        {
            names.Add(alternative.ToString());
        }

        return $"one of {string.Join(", ", names)}";
    }
}
