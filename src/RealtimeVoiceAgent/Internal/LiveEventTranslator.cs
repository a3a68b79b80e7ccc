using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

// Maps GPT-Live server messages (live-protocol.md 5) onto the model seam's Realtime events, which the relay consumes:
// - session.started / session.updated -> session.updated (the relay greets and says ready on the first);
// - session.output_audio.delta -> response.output_audio.delta of the current assistant turn (LiveTurnTracker); silence
//   between turns is dropped;
// - transcript fragments -> transcript deltas, and the turn events LiveTurnTracker derives from them;
// - response.event (Responses delegation) -> the nested response.created / response.output_item.done (function calls) /
//   response.completed as response.created / response.output_item.done / response.done, so tools run as on Realtime;
// - error -> error. Everything else (usage, acks, delegation.created, info, session.closed, unknown types, malformed
//   JSON) is kept raw as RealtimeServerEventUnknown. Never throws on service input.
// Output audio takes an allocation-free path (Utf8JsonReader over the message, base64 decoded into a reused buffer, one
// reused event); the rest is rare and goes through JsonDocument.
internal sealed class LiveEventTranslator : IServerMessageParser
{
    // Quieter than this (16-bit amplitude) counts as the digital silence between replies.
    private const int SilenceLevel = 64;

    private static ReadOnlySpan<byte> TypeProperty => "type"u8;

    private static ReadOnlySpan<byte> DeltaProperty => "delta"u8;

    private static ReadOnlySpan<byte> StartMsProperty => "start_ms"u8;

    private static ReadOnlySpan<byte> OutputAudioDeltaType => "session.output_audio.delta"u8;

    private readonly Func<RealtimeAudioFormat> _outputFormat;
    private readonly LiveTurnTracker _turns = new();
    private readonly List<RealtimeServerEvent> _events = new();
    private readonly RealtimeServerEventResponseOutputAudioDelta _audioDelta = new();
    private byte[] _audio = ArrayPool<byte>.Shared.Rent(8 * 1024);
    private int _next;

    // outputFormat: the session's audio format, read per delta (set when the session is started).
    public LiveEventTranslator(Func<RealtimeAudioFormat> outputFormat)
    {
        _outputFormat = outputFormat;
    }

    public RealtimeServerEvent? Parse(ReadOnlyMemory<byte> message)
    {
        _events.Clear();
        _next = 0;
        if (!TryTranslateAudio(message.Span))
        {
            TranslateControl(message);
        }

        return TryTakePending(out RealtimeServerEvent? first) ? first : null;
    }

    public bool TryTakePending([NotNullWhen(true)] out RealtimeServerEvent? next)
    {
        if (_next < _events.Count)
        {
            next = _events[_next++];
            return true;
        }

        next = null;
        return false;
    }

    public void Dispose()
    {
        byte[] audio = _audio;
        _audio = [];
        if (audio.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(audio);
        }
    }

    private bool TryTranslateAudio(ReadOnlySpan<byte> message)
    {
        // {"type":"session.output_audio.delta","delta":"<base64>"} (sideband copies add start_ms/end_ms; Azure documents
        // them on the primary socket too: read and ignored).
        var reader = new Utf8JsonReader(message);
        bool isAudio = false;
        ReadOnlySpan<byte> delta = default;
        bool hasDelta = false;
        int? startMs = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isType = reader.ValueTextEquals(TypeProperty);
                bool isDelta = !isType && reader.ValueTextEquals(DeltaProperty);
                bool isStart = !isType && !isDelta && reader.ValueTextEquals(StartMsProperty);
                if (!reader.Read())
                {
                    return false;
                }

                if (isType)
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(OutputAudioDeltaType))
                    {
                        return false;
                    }

                    isAudio = true;
                }
                else if (isDelta && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    delta = reader.ValueSpan;
                    hasDelta = true;
                }
                else if (isStart && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int start))
                {
                    startMs = start;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (!isAudio || !hasDelta)
        {
            return false;
        }

        EnsureAudioCapacity(Base64.GetMaxDecodedFromUtf8Length(delta.Length));
        if (Base64.DecodeFromUtf8(delta, _audio, out _, out int written) != OperationStatus.Done)
        {
            return false;
        }

        EmitAudio(written, startMs);
        return true;
    }

    // The first `length` bytes of _audio are one output delta: a part of the current turn, or silence between turns.
    private void EmitAudio(int length, int? startMs)
    {
        RealtimeAudioFormat format = _outputFormat();
        bool g711 = format == RealtimeAudioFormat.Pcmu || format == RealtimeAudioFormat.Pcma;
        int milliseconds = length / (g711 ? 8 : 48);
        if (_turns.OnOutputAudio(milliseconds, IsSilent(_audio.AsSpan(0, length), format), startMs, _events))
        {
            _events.Add(_audioDelta.Set(responseId: null, _turns.AssistantItemId, 0, 0, _audio.AsMemory(0, length)));
        }
    }

    private void EnsureAudioCapacity(int length)
    {
        if (_audio.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_audio);
            _audio = ArrayPool<byte>.Shared.Rent(length);
        }
    }

    private static bool IsSilent(ReadOnlySpan<byte> audio, RealtimeAudioFormat format)
    {
        if (format == RealtimeAudioFormat.Pcmu || format == RealtimeAudioFormat.Pcma)
        {
            bool muLaw = format == RealtimeAudioFormat.Pcmu;
            foreach (byte code in audio)
            {
                if (Math.Abs((int)(muLaw ? G711.DecodeMuLaw(code) : G711.DecodeALaw(code))) > SilenceLevel)
                {
                    return false;
                }
            }

            return true;
        }

        for (int i = 0; i + 1 < audio.Length; i += 2)
        {
            if (Math.Abs((int)BinaryPrimitives.ReadInt16LittleEndian(audio[i..])) > SilenceLevel)
            {
                return false;
            }
        }

        return true;
    }

    private void TranslateControl(ReadOnlyMemory<byte> message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            string type = root.ValueKind == JsonValueKind.Object ? Str(root, "type") ?? string.Empty : string.Empty;
            if (!TryTranslate(type, root))
            {
                _events.Add(Unknown(type, message));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Malformed JSON, or a field of an unexpected kind: kept raw, never an exception.
            _events.Add(Unknown(string.Empty, message));
        }
    }

    private bool TryTranslate(string type, JsonElement e)
    {
        string? eventId = Str(e, "event_id");
        switch (type)
        {
            case "session.started":
            case "session.updated":
                JsonElement session = Obj(e, "session");
                _events.Add(new RealtimeServerEventSessionUpdated
                {
                    EventId = eventId,
                    SessionId = Str(session, "id"),
                    Model = Str(session, "model"),
                    Instructions = Str(session, "instructions"),
                    // A built-in voice is a string; a custom voice is {"id": "..."}.
                    Voice = Str(Obj(Obj(session, "audio"), "output"), "voice") is { Length: > 0 } voice ? (RealtimeVoice?)RealtimeVoice.FromString(voice) : null,
                    Session = session.Clone(),
                });
                return true;

            case "session.output_audio.delta":
                // An audio delta the fast path could not take (escaped or split base64): decode it here.
                if (Str(e, "delta") is { Length: > 0 } base64)
                {
                    byte[] bytes = Convert.FromBase64String(base64);
                    EnsureAudioCapacity(bytes.Length);
                    bytes.CopyTo(_audio, 0);
                    EmitAudio(bytes.Length, e.TryGetProperty("start_ms", out JsonElement start) && start.ValueKind == JsonValueKind.Number && start.TryGetInt32(out int startMs) ? startMs : null);
                    return true;
                }

                return false;

            case "session.output_transcript.delta":
                _turns.OnOutputTranscript(Str(e, "delta") ?? string.Empty, _events);
                return true;

            case "session.input_transcript.delta":
                _turns.OnInputTranscript(Str(e, "delta") ?? string.Empty, Int(e, "start_ms"), _events);
                return true;

            case "session.delegation.created":
                _turns.OnDelegation(_events);
                return false; // also kept raw: the relay has no use for it, an observer may

            case "session.closed":
                _turns.CloseAll(_events);
                return false;

            case "response.event":
                return TranslateResponseEvent(Obj(e, "event"), eventId);

            case "error":
                JsonElement error = Obj(e, "error");
                _events.Add(new RealtimeServerEventError
                {
                    EventId = eventId,
                    Error = new RealtimeErrorDetails
                    {
                        Type = Str(error, "type"),
                        Code = Str(error, "code"),
                        Message = Str(error, "message"),
                        Param = Str(error, "param"),
                        // Live names the correlation client_event_id (inside error, and sometimes beside it).
                        EventId = Str(error, "client_event_id") ?? Str(e, "client_event_id") ?? Str(error, "event_id"),
                    },
                });
                return true;

            default:
                return false;
        }
    }

    // The Responses backend's own stream, nested in response.event; only what the relay acts on is mapped.
    private bool TranslateResponseEvent(JsonElement nested, string? eventId)
    {
        switch (Str(nested, "type"))
        {
            case "response.created":
                string? createdId = Str(Obj(nested, "response"), "id");
                _events.Add(new RealtimeServerEventResponseCreated { EventId = eventId, ResponseId = createdId, Response = new RealtimeResponse { Id = createdId, Status = RealtimeResponseStatus.InProgress } });
                return true;

            case "response.output_item.done" when Str(Obj(nested, "item"), "type") == "function_call":
                JsonElement item = Obj(nested, "item");
                _events.Add(new RealtimeServerEventResponseOutputItemDone
                {
                    EventId = eventId,
                    ResponseId = Str(nested, "response_id"),
                    OutputIndex = Int(nested, "output_index"),
                    Item = new RealtimeItem
                    {
                        Id = Str(item, "id"),
                        Type = RealtimeItemType.FunctionCall,
                        CallId = Str(item, "call_id"),
                        Name = Str(item, "name"),
                        Arguments = Str(item, "arguments"),
                    },
                });
                return true;

            case "response.completed":
            case "response.failed":
            case "response.incomplete":
            case "response.cancelled":
                JsonElement response = Obj(nested, "response");
                JsonElement usage = Obj(response, "usage");
                string status = Str(response, "status") ?? Str(nested, "type")!["response.".Length..];
                _events.Add(new RealtimeServerEventResponseDone
                {
                    EventId = eventId,
                    Response = new RealtimeResponse
                    {
                        Id = Str(response, "id"),
                        Status = RealtimeResponseStatus.FromString(status),
                        Usage = usage.ValueKind != JsonValueKind.Object ? null : new RealtimeUsage
                        {
                            TotalTokens = Int(usage, "total_tokens"),
                            InputTokens = Int(usage, "input_tokens"),
                            OutputTokens = Int(usage, "output_tokens"),
                        },
                    },
                });
                return true;

            default:
                return false;
        }
    }

    private static JsonElement Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : 0;

    private static RealtimeServerEventUnknown Unknown(string type, ReadOnlyMemory<byte> message) =>
        new(type, Encoding.UTF8.GetString(message.Span));
}
