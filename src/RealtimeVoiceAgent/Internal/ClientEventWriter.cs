using System.Buffers;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RealtimeVoiceAgent.Internal;

// Writes the GA client events (except input_audio_buffer.append, see Audio/AudioAppendFraming) as compact JSON.
// Control events are rare, so a Utf8JsonWriter per event is fine. Compact output never contains a raw '\n'
// (the writer escapes control characters in strings), which the session relies on to delimit queued events.
internal static class ClientEventWriter
{
    // Relaxed escaping keeps instructions readable on the wire ("don't" instead of "don\u0027t"); the payload
    // goes to a WebSocket, never into HTML, so HTML-sensitive characters need no escaping.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText s_session = JsonEncodedText.Encode("session");
    private static readonly JsonEncodedText s_item = JsonEncodedText.Encode("item");
    private static readonly JsonEncodedText s_itemId = JsonEncodedText.Encode("item_id");

    public static void WriteSessionUpdate(IBufferWriter<byte> output, RealtimeSessionConfiguration configuration)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "session.update");
        writer.WriteStartObject(s_session);
        writer.WriteString(s_type, "realtime");
        if (configuration.Instructions is not null)
        {
            writer.WriteString("instructions", configuration.Instructions);
        }

        WriteModalities(writer, configuration.OutputModalities);

        writer.WriteStartObject("audio");
        writer.WriteStartObject("input");
        WriteFormat(writer, configuration.InputAudioFormat);
        if (configuration.InputTranscription is { } transcription)
        {
            writer.WriteStartObject("transcription");
            writer.WriteString("model", transcription.Model);
            if (transcription.Language is not null)
            {
                writer.WriteString("language", transcription.Language);
            }

            if (transcription.Prompt is not null)
            {
                writer.WriteString("prompt", transcription.Prompt);
            }

            writer.WriteEndObject();
        }

        if (configuration.NoiseReduction is { } noiseReduction)
        {
            writer.WriteStartObject("noise_reduction");
            writer.WriteString(s_type, noiseReduction.Value);
            writer.WriteEndObject();
        }

        if (configuration.TurnDetection is { } turnDetection)
        {
            WriteTurnDetection(writer, turnDetection);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("output");
        WriteFormat(writer, configuration.OutputAudioFormat);
        if (configuration.Voice is { } voice)
        {
            writer.WriteString("voice", voice.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();

        if (configuration.Tools.Count > 0)
        {
            writer.WriteStartArray("tools");
            foreach (RealtimeToolDefinition tool in configuration.Tools)
            {
                WriteFunctionTool(writer, tool);
            }

            writer.WriteEndArray();
        }

        if (configuration.ToolChoice is { } toolChoice)
        {
            WriteToolChoice(writer, toolChoice);
        }

        if (configuration.MaxOutputTokens is { } maxOutputTokens)
        {
            writer.WriteNumber("max_output_tokens", maxOutputTokens);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteInputAudioBufferCommit(IBufferWriter<byte> output) => output.Write("{\"type\":\"input_audio_buffer.commit\"}"u8);

    public static void WriteInputAudioBufferClear(IBufferWriter<byte> output) => output.Write("{\"type\":\"input_audio_buffer.clear\"}"u8);

    public static void WriteUserText(IBufferWriter<byte> output, string text) => WriteTextMessage(output, "user", text);

    public static void WriteSystemText(IBufferWriter<byte> output, string text) => WriteTextMessage(output, "system", text);

    // GA: an assistant message's content is output_text or output_audio (SPEC RealtimeConversationItemMessageAssistant).
    public static void WriteAssistantText(IBufferWriter<byte> output, string text) => WriteTextMessage(output, "assistant", text, "output_text");

    public static void WriteFunctionCall(IBufferWriter<byte> output, string callId, string name, string arguments)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "conversation.item.create");
        writer.WriteStartObject(s_item);
        writer.WriteString(s_type, "function_call");
        writer.WriteString("call_id", callId);
        writer.WriteString("name", name);
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // conversation.item.create with a message item of one text part (input_text for user and system messages).
    private static void WriteTextMessage(IBufferWriter<byte> output, string role, string text, string partType = "input_text")
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "conversation.item.create");
        writer.WriteStartObject(s_item);
        writer.WriteString(s_type, "message");
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        writer.WriteString(s_type, partType);
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteFunctionCallOutput(IBufferWriter<byte> output, string callId, string result)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "conversation.item.create");
        writer.WriteStartObject(s_item);
        writer.WriteString(s_type, "function_call_output");
        writer.WriteString("call_id", callId);
        writer.WriteString("output", result);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteTruncate(IBufferWriter<byte> output, string itemId, int contentIndex, int audioEndMs)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "conversation.item.truncate");
        writer.WriteString(s_itemId, itemId);
        writer.WriteNumber("content_index", contentIndex);
        writer.WriteNumber("audio_end_ms", audioEndMs);
        writer.WriteEndObject();
    }

    public static void WriteDelete(IBufferWriter<byte> output, string itemId)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "conversation.item.delete");
        writer.WriteString(s_itemId, itemId);
        writer.WriteEndObject();
    }

    public static void WriteResponseCreate(IBufferWriter<byte> output, RealtimeResponseOptions? options)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "response.create");
        if (options is not null)
        {
            writer.WriteStartObject("response");
            if (options.Conversation is not null)
            {
                writer.WriteString("conversation", options.Conversation);
            }

            WriteModalities(writer, options.OutputModalities);
            if (options.Instructions is not null)
            {
                writer.WriteString("instructions", options.Instructions);
            }

            if (options.MaxOutputTokens is { } maxOutputTokens)
            {
                writer.WriteNumber("max_output_tokens", maxOutputTokens);
            }

            if (options.Metadata is { Count: > 0 } metadata)
            {
                writer.WriteStartObject("metadata");
                foreach (KeyValuePair<string, string> pair in metadata)
                {
                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteResponseCancel(IBufferWriter<byte> output, string? responseId)
    {
        using var writer = new Utf8JsonWriter(output, s_options);
        writer.WriteStartObject();
        writer.WriteString(s_type, "response.cancel");
        if (responseId is not null)
        {
            writer.WriteString("response_id", responseId);
        }

        writer.WriteEndObject();
    }

    private static void WriteModalities(Utf8JsonWriter writer, IList<RealtimeOutputModality>? modalities)
    {
        if (modalities is null)
        {
            return;
        }

        writer.WriteStartArray("output_modalities");
        foreach (RealtimeOutputModality modality in modalities)
        {
            writer.WriteStringValue(modality.Value);
        }

        writer.WriteEndArray();
    }

    private static void WriteFormat(Utf8JsonWriter writer, RealtimeAudioFormat format)
    {
        writer.WriteStartObject("format");
        writer.WriteString(s_type, format.Value);

        // The service requires the rate for PCM even though the SDK schemas mark it optional (protocol doc 11.6).
        if (format == RealtimeAudioFormat.Pcm16)
        {
            writer.WriteNumber("rate", 24000);
        }

        writer.WriteEndObject();
    }

    private static void WriteTurnDetection(Utf8JsonWriter writer, RealtimeTurnDetection turnDetection)
    {
        if (turnDetection.IsDisabled)
        {
            writer.WriteNull("turn_detection");
            return;
        }

        writer.WriteStartObject("turn_detection");
        writer.WriteString(s_type, turnDetection.Type.Value);
        if (turnDetection.Eagerness is not null)
        {
            writer.WriteString("eagerness", turnDetection.Eagerness);
        }

        if (turnDetection.Threshold is { } threshold)
        {
            writer.WriteNumber("threshold", threshold);
        }

        if (turnDetection.PrefixPaddingMs is { } prefixPadding)
        {
            writer.WriteNumber("prefix_padding_ms", prefixPadding);
        }

        if (turnDetection.SilenceDurationMs is { } silenceDuration)
        {
            writer.WriteNumber("silence_duration_ms", silenceDuration);
        }

        if (turnDetection.IdleTimeoutMs is { } idleTimeout)
        {
            writer.WriteNumber("idle_timeout_ms", idleTimeout);
        }

        if (turnDetection.CreateResponse is { } createResponse)
        {
            writer.WriteBoolean("create_response", createResponse);
        }

        if (turnDetection.InterruptResponse is { } interruptResponse)
        {
            writer.WriteBoolean("interrupt_response", interruptResponse);
        }

        writer.WriteEndObject();
    }

    // A mode is a bare string; a forced function is {"type":"function","name":…} (protocol doc 2.2, SPEC ToolChoiceFunction).
    private static void WriteToolChoice(Utf8JsonWriter writer, RealtimeToolChoice toolChoice)
    {
        if (toolChoice.FunctionName is not { } functionName)
        {
            writer.WriteString("tool_choice", toolChoice.Value);
            return;
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString(s_type, toolChoice.Value);
        writer.WriteString("name", functionName);
        writer.WriteEndObject();
    }

    /// <summary>One function tool: <c>{"type":"function","name","description","parameters"}</c>, as both the Realtime session and GPT-Live's delegation take it.</summary>
    public static void WriteFunctionTool(Utf8JsonWriter writer, RealtimeToolDefinition tool)
    {
        writer.WriteStartObject();
        writer.WriteString(s_type, "function");
        writer.WriteString("name", tool.Name);
        if (tool.Description is not null)
        {
            writer.WriteString("description", tool.Description);
        }

        writer.WritePropertyName("parameters");
        if (tool.Parameters.ValueKind == JsonValueKind.Undefined)
        {
            // A tool without parameters still needs an object schema.
            writer.WriteStartObject();
            writer.WriteString(s_type, "object");
            writer.WriteStartObject("properties");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else
        {
            tool.Parameters.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
