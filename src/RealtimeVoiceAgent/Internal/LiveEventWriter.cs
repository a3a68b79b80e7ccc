using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RealtimeVoiceAgent.Internal;

// Writes the GPT-Live client events (live-protocol.md 3 and 4), except session.input_audio.append (Audio/AudioAppendFraming),
// as compact JSON: like ClientEventWriter, never a raw '\n', which the sender relies on to delimit queued events.
// Only fields the strict service schema knows are written: an unknown one would be rejected with unknown_parameter.
internal static class LiveEventWriter
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode("type");

    // session.start: the voice model's whole configuration, and the Responses backend that runs the agent's tools.
    public static void WriteSessionStart(IBufferWriter<byte> output, string model, string delegationModel, RealtimeSessionConfiguration configuration)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "session.start");
        writer.WriteStartObject("session");
        writer.WriteString("model", model);
        if (!string.IsNullOrWhiteSpace(configuration.Instructions))
        {
            writer.WriteString("instructions", configuration.Instructions);
        }

        writer.WriteStartObject("audio");
        WriteFormat(writer, configuration.InputAudioFormat);
        if (configuration.Voice is { } voice)
        {
            writer.WriteStartObject("output");
            writer.WriteString("voice", voice.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WritePropertyName("delegation");
        WriteDelegation(writer, delegationModel, configuration);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // session.update: only the Responses backend may change after start (its instructions and tools).
    public static void WriteSessionUpdate(IBufferWriter<byte> output, string delegationModel, RealtimeSessionConfiguration configuration)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "session.update");
        writer.WriteStartObject("session");
        writer.WritePropertyName("delegation");
        WriteDelegation(writer, delegationModel, configuration);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // session.instructions.append / session.thinking.append / session.commentary.append, not tied to a delegation.
    public static void WriteAppend(IBufferWriter<byte> output, string type, string content)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, type);
        writer.WriteString("content", content);
        writer.WriteNull("delegation_id");
        writer.WriteEndObject();
    }

    // response.item.create with a message for the Responses backend (a developer note or what the caller typed).
    public static void WriteBackendMessage(IBufferWriter<byte> output, string role, string text)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "response.item.create");
        writer.WriteStartObject("item");
        writer.WriteString(s_type, "message");
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        writer.WriteString(s_type, "input_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // response.item.create with a function_call_output (one per call; response.create continues the backend).
    public static void WriteFunctionCallOutput(IBufferWriter<byte> output, string callId, string result)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "response.item.create");
        writer.WriteStartObject("item");
        writer.WriteString(s_type, "function_call_output");
        writer.WriteString("call_id", callId);
        writer.WriteString("output", result);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteResponseCreate(IBufferWriter<byte> output) => output.Write("{\"type\":\"response.create\"}"u8);

    public static void WriteSessionClose(IBufferWriter<byte> output) => output.Write("{\"type\":\"session.close\"}"u8);

    // One format for both directions: {"type":"audio/pcm","rate":24000}, or G.711 at 8 kHz.
    private static void WriteFormat(Utf8JsonWriter writer, RealtimeAudioFormat format)
    {
        writer.WriteStartObject("format");
        writer.WriteString(s_type, format.Value);
        writer.WriteNumber("rate", format == RealtimeAudioFormat.Pcmu || format == RealtimeAudioFormat.Pcma ? 8000 : 24000);
        writer.WriteEndObject();
    }

    private static void WriteDelegation(Utf8JsonWriter writer, string delegationModel, RealtimeSessionConfiguration configuration)
    {
        writer.WriteStartObject();
        writer.WriteString(s_type, "responses");
        writer.WriteStartObject("responses");
        writer.WriteString("model", delegationModel);
        if (!string.IsNullOrWhiteSpace(configuration.Instructions))
        {
            // The backend runs the agent's tools, so it needs the agent's task as much as the voice model does.
            writer.WriteString("instructions", configuration.Instructions);
        }

        if (configuration.Tools.Count > 0)
        {
            writer.WriteString("tool_choice", "auto");
            writer.WriteStartArray("tools");
            foreach (RealtimeToolDefinition tool in configuration.Tools)
            {
                ClientEventWriter.WriteFunctionTool(writer, tool);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
