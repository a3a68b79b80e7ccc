using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealtimeVoiceAgent.Tools;

// The function_call_output the model gets: {"ok":true,"result":…} or {"ok":false,"error":{"code","message","field"}}.
internal static class ToolOutputs
{
    // Compact output for the model; string enums and camelCase so typed results read naturally.
    private static readonly JsonSerializerOptions s_outputOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ToolInvocationResult Succeeded(string callId, string name, object? value)
    {
        string output;
        try
        {
            output = WriteOutput(writer =>
            {
                writer.WriteBoolean("ok", true);
                if (value is not null)
                {
                    writer.WritePropertyName("result");
                    JsonSerializer.Serialize(writer, value, value.GetType(), s_outputOptions);
                }
            });
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return Failed(callId, name, new ToolError(ToolErrorCodes.ToolFailed, $"The tool '{name}' returned a value that cannot be written as JSON."));
        }

        return new ToolInvocationResult(callId, name, output, value, error: null, isDuplicate: false);
    }

    public static ToolInvocationResult Failed(string callId, string name, ToolError error)
    {
        string output = WriteOutput(writer =>
        {
            writer.WriteBoolean("ok", false);
            writer.WriteStartObject("error");
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            if (error.Field is not null)
            {
                writer.WriteString("field", error.Field);
            }

            writer.WriteEndObject();
        });
        return new ToolInvocationResult(callId, name, output, value: null, error, isDuplicate: false);
    }

    private static string WriteOutput(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
