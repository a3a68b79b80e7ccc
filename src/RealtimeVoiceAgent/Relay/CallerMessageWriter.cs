using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Writes server -> caller JSON messages (docs/client-protocol.md) into a buffer with one reused
/// <see cref="Utf8JsonWriter"/>. Not thread-safe: one per call, used under the call's send lock.
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
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");

    private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), new JsonWriterOptions
    {
        // Captions and contact fields are shown as text; this encoder keeps non-ASCII readable and still escapes HTML-significant characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    });

    /// <summary>Writes a message that has only a <c>type</c> (<c>ready</c>, <c>listening</c>, <c>processing</c>).</summary>
    public void WriteSimple(IBufferWriter<byte> output, JsonEncodedText type)
    {
        var w = Start(output);
        w.WriteString(s_type, type);
        End(w);
    }

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

    /// <summary>Writes <c>{"type":"text","data":transcript}</c>.</summary>
    public void WriteText(IBufferWriter<byte> output, string transcript)
    {
        var w = Start(output);
        w.WriteString(s_type, s_text);
        w.WriteString(s_data, transcript);
        End(w);
    }

    /// <summary>Writes <c>{"type":"error","code":…,"data":message}</c>.</summary>
    public void WriteError(IBufferWriter<byte> output, string code, string message)
    {
        var w = Start(output);
        w.WriteString(s_type, s_error);
        w.WriteString(s_code, code);
        w.WriteString(s_data, message);
        End(w);
    }

    /// <summary>Writes <c>{"type":"transcript_delta"|"transcript","role":…,"itemId":…,"delta"|"text":…}</c>.</summary>
    public void WriteTranscript(IBufferWriter<byte> output, bool isDelta, string role, string? itemId, string value)
    {
        var w = Start(output);
        w.WriteString(s_type, isDelta ? "transcript_delta" : "transcript");
        w.WriteString(s_role, role);
        w.WriteString(s_itemId, itemId);
        w.WriteString(isDelta ? s_delta : s_text, value);
        End(w);
    }

    /// <summary>Writes <c>{"type":"response_done","status":…,"responseId":…}</c>.</summary>
    public void WriteResponseDone(IBufferWriter<byte> output, string status, string? responseId)
    {
        var w = Start(output);
        w.WriteString(s_type, "response_done");
        w.WriteString(s_status, status);
        w.WriteString(s_responseId, responseId);
        End(w);
    }

    /// <summary>Writes <c>{"type":type,"data":…}</c> where <paramref name="dataJson"/> is already-serialised JSON (a contact).</summary>
    public void WriteWithData(IBufferWriter<byte> output, string type, ReadOnlySpan<byte> dataJson)
    {
        var w = Start(output);
        w.WriteString(s_type, type);
        w.WritePropertyName(s_data);
        w.WriteRawValue(dataJson, skipInputValidation: true);
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
