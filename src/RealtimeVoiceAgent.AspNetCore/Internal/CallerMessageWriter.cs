using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>
/// Writes server -> caller JSON messages (docs/client-protocol.md) into a buffer with one reused
/// <see cref="Utf8JsonWriter"/>. Not thread-safe: one per call, used by the call's one send loop.
/// </summary>
internal sealed class CallerMessageWriter : IDisposable
{
    private static readonly JsonEncodedText s_type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText s_data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText s_itemId = JsonEncodedText.Encode("itemId");
    private static readonly JsonEncodedText s_role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText s_delta = JsonEncodedText.Encode("delta");
    private static readonly JsonEncodedText s_text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText s_status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText s_responseId = JsonEncodedText.Encode("responseId");
    private static readonly JsonEncodedText s_audioDelta = JsonEncodedText.Encode("audio_delta");
    private static readonly JsonEncodedText s_audioItem = JsonEncodedText.Encode("audio_item");

    private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), new JsonWriterOptions
    {
        // Captions and contact fields are shown as text; this encoder keeps non-ASCII readable and still escapes HTML-significant characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    });

    /// <summary>Writes <c>{"type":"audio_delta","data":base64,"itemId":…}</c> straight from PCM16 bytes.</summary>
    public void WriteAudioDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> pcm16, string? itemId)
    {
        var w = Start(output);
        w.WriteString(s_type, s_audioDelta);
        w.WriteBase64String(s_data, pcm16);
        if (itemId is not null)
        {
            w.WriteString(s_itemId, itemId);
        }

        End(w);
    }

    /// <summary>Writes <c>{"type":"audio_item","itemId":…}</c> (binary mode: the frames that follow belong to this item).</summary>
    public void WriteAudioItem(IBufferWriter<byte> output, string itemId)
    {
        var w = Start(output);
        w.WriteString(s_type, s_audioItem);
        w.WriteString(s_itemId, itemId);
        End(w);
    }

    /// <summary>Writes one event as the caller protocol's JSON message (docs/client-protocol.md).</summary>
    public void WriteEvent(IBufferWriter<byte> output, CallerEvent callerEvent)
    {
        var w = Start(output);
        w.WriteString(s_type, callerEvent.Type.ToString());
        if (callerEvent.Code is { } code)
        {
            // error: {"type":"error","code":…,"data":message}
            w.WriteString(s_code, code);
            w.WriteString(s_data, callerEvent.Text);
        }
        else if (callerEvent.Role is { } role)
        {
            // transcript_delta / transcript: {"role":…,"itemId":…,"delta"|"text":…}
            w.WriteString(s_role, role == CallTranscriptRole.Caller ? "user" : "assistant");
            w.WriteString(s_itemId, callerEvent.ItemId);
            w.WriteString(callerEvent.Type == CallerEventType.TranscriptDelta ? s_delta : s_text, callerEvent.Text);
        }
        else if (callerEvent.Status is { } status)
        {
            // response_done: {"status":…,"responseId":…}
            w.WriteString(s_status, status);
            w.WriteString(s_responseId, callerEvent.ResponseId);
        }
        else if (callerEvent.Text is { } text)
        {
            // text: {"type":"text","data":transcript}
            w.WriteString(s_data, text);
        }
        else if (callerEvent.Data is { } data)
        {
            // An agent's event: {"type":…,"data":…}
            w.WritePropertyName(s_data);
            data.WriteTo(w);
        }

        End(w);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private Utf8JsonWriter Start(IBufferWriter<byte> output)
    {
        _writer.Reset(output);
        _writer.WriteStartObject();
        return _writer;
    }

    private static void End(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.Flush();
    }
}
