using System;
using System.Buffers;
using System.Text.Json;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// Writes the messages a bidirectional stream sends to Twilio (<c>media</c>, <c>mark</c>, <c>clear</c>), each with the
/// stream's <c>streamSid</c>, as compact JSON into a buffer the caller reuses. The audio is base64-encoded by
/// <see cref="Utf8JsonWriter.WriteBase64String(JsonEncodedText, ReadOnlySpan{byte})"/> straight into the buffer (never a
/// ready-made base64 string through <c>WriteString</c>, whose default encoder escapes <c>+</c>).
/// </summary>
/// <remarks>One per call, used by the relay's send loop only.</remarks>
internal sealed class TwilioMessageWriter : IDisposable
{
    private static readonly JsonEncodedText s_event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText s_streamSid = JsonEncodedText.Encode("streamSid");
    private static readonly JsonEncodedText s_media = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText s_payload = JsonEncodedText.Encode("payload");
    private static readonly JsonEncodedText s_mark = JsonEncodedText.Encode("mark");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_clear = JsonEncodedText.Encode("clear");
    private readonly JsonEncodedText _streamSid;
    // Created once and pointed at each message's buffer with Reset(IBufferWriter).
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1));

    public TwilioMessageWriter(string streamSid) => _streamSid = JsonEncodedText.Encode(streamSid);

    /// <summary><c>{"event":"media","streamSid":"…","media":{"payload":"&lt;base64 μ-law&gt;"}}</c></summary>
    public void WriteMedia(IBufferWriter<byte> output, ReadOnlySpan<byte> muLaw)
    {
        Begin(output, s_media);
        _json.WriteStartObject(s_media);
        _json.WriteBase64String(s_payload, muLaw);
        _json.WriteEndObject();
        End();
    }

    /// <summary><c>{"event":"mark","streamSid":"…","mark":{"name":"…"}}</c></summary>
    public void WriteMark(IBufferWriter<byte> output, ReadOnlySpan<char> name)
    {
        Begin(output, s_mark);
        _json.WriteStartObject(s_mark);
        _json.WriteString(s_name, name);
        _json.WriteEndObject();
        End();
    }

    /// <summary><c>{"event":"clear","streamSid":"…"}</c>: Twilio drops the audio it has not played and echoes the marks in it.</summary>
    public void WriteClear(IBufferWriter<byte> output)
    {
        Begin(output, s_clear);
        End();
    }

    public void Dispose() => _json.Dispose();

    private void Begin(IBufferWriter<byte> output, JsonEncodedText eventName)
    {
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString(s_event, eventName);
        _json.WriteString(s_streamSid, _streamSid);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
    }
}
