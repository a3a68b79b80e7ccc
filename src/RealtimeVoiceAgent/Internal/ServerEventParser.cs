using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

// Turns one complete server message into a typed event. Audio deltas take the allocation-free AudioDeltaReader;
// every other (rare, small) event goes through JsonDocument and may allocate. Never throws on service input:
// malformed JSON, missing fields or unknown types become RealtimeServerEventUnknown.
internal sealed class ServerEventParser : IServerMessageParser
{
    private readonly AudioDeltaReader _audioDeltas = new();

    public RealtimeServerEvent Parse(ReadOnlyMemory<byte> message)
    {
        if (_audioDeltas.TryRead(message.Span))
        {
            return _audioDeltas.Event;
        }

        return ParseControlEvent(message);
    }

    public bool TryTakePending([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RealtimeServerEvent? next)
    {
        next = null;
        return false;
    }

    public void Dispose() => _audioDeltas.Dispose();

    public static RealtimeServerEvent ParseControlEvent(ReadOnlyMemory<byte> message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unknown(string.Empty, message);
            }

            string type = Str(root, "type") ?? string.Empty;
            return Map(type, root) ?? Unknown(type, message);
        }
        catch (JsonException)
        {
            return Unknown(string.Empty, message);
        }
        catch (InvalidOperationException)
        {
            // A field of an unexpected JSON kind (e.g. a string where a number belongs).
            return Unknown(TryReadType(message), message);
        }
        catch (FormatException)
        {
            return Unknown(TryReadType(message), message);
        }
    }

    private static RealtimeServerEvent? Map(string type, JsonElement e)
    {
        string? eventId = Str(e, "event_id");
        return type switch
        {
            RealtimeServerEventError.EventType => new RealtimeServerEventError { EventId = eventId, Error = Error(Obj(e, "error")) },
            RealtimeServerEventSessionCreated.EventType => SessionCreated(e, eventId),
            RealtimeServerEventSessionUpdated.EventType => SessionUpdated(e, eventId),
            RealtimeServerEventInputAudioBufferSpeechStarted.EventType => new RealtimeServerEventInputAudioBufferSpeechStarted { EventId = eventId, AudioStartMs = Int(e, "audio_start_ms"), ItemId = Str(e, "item_id") },
            RealtimeServerEventInputAudioBufferSpeechStopped.EventType => new RealtimeServerEventInputAudioBufferSpeechStopped { EventId = eventId, AudioEndMs = Int(e, "audio_end_ms"), ItemId = Str(e, "item_id") },
            RealtimeServerEventInputAudioBufferCommitted.EventType => new RealtimeServerEventInputAudioBufferCommitted { EventId = eventId, ItemId = Str(e, "item_id"), PreviousItemId = Str(e, "previous_item_id") },
            RealtimeServerEventInputAudioBufferCleared.EventType => new RealtimeServerEventInputAudioBufferCleared { EventId = eventId },
            RealtimeServerEventConversationItemAdded.EventType => new RealtimeServerEventConversationItemAdded { EventId = eventId, PreviousItemId = Str(e, "previous_item_id"), Item = Item(Obj(e, "item")) },
            RealtimeServerEventConversationItemDone.EventType => new RealtimeServerEventConversationItemDone { EventId = eventId, PreviousItemId = Str(e, "previous_item_id"), Item = Item(Obj(e, "item")) },
            RealtimeServerEventConversationItemCreated.EventType => new RealtimeServerEventConversationItemCreated { EventId = eventId, PreviousItemId = Str(e, "previous_item_id"), Item = Item(Obj(e, "item")) },
            RealtimeServerEventConversationItemTruncated.EventType => new RealtimeServerEventConversationItemTruncated { EventId = eventId, ItemId = Str(e, "item_id"), ContentIndex = Int(e, "content_index"), AudioEndMs = Int(e, "audio_end_ms") },
            RealtimeServerEventConversationItemDeleted.EventType => new RealtimeServerEventConversationItemDeleted { EventId = eventId, ItemId = Str(e, "item_id") },
            RealtimeServerEventInputAudioTranscriptionDelta.EventType => new RealtimeServerEventInputAudioTranscriptionDelta { EventId = eventId, ItemId = Str(e, "item_id"), ContentIndex = Int(e, "content_index"), Delta = Str(e, "delta") ?? string.Empty },
            RealtimeServerEventInputAudioTranscriptionCompleted.EventType => new RealtimeServerEventInputAudioTranscriptionCompleted { EventId = eventId, ItemId = Str(e, "item_id"), ContentIndex = Int(e, "content_index"), Transcript = Str(e, "transcript") ?? string.Empty },
            RealtimeServerEventInputAudioTranscriptionFailed.EventType => new RealtimeServerEventInputAudioTranscriptionFailed { EventId = eventId, ItemId = Str(e, "item_id"), ContentIndex = Int(e, "content_index"), Error = Error(Obj(e, "error")) },
            RealtimeServerEventResponseCreated.EventType => ResponseCreated(e, eventId),
            RealtimeServerEventResponseDone.EventType => new RealtimeServerEventResponseDone { EventId = eventId, Response = Response(Obj(e, "response")) },
            RealtimeServerEventResponseOutputItemAdded.EventType => new RealtimeServerEventResponseOutputItemAdded { EventId = eventId, ResponseId = Str(e, "response_id"), OutputIndex = Int(e, "output_index"), Item = Item(Obj(e, "item")) },
            RealtimeServerEventResponseOutputItemDone.EventType => new RealtimeServerEventResponseOutputItemDone { EventId = eventId, ResponseId = Str(e, "response_id"), OutputIndex = Int(e, "output_index"), Item = Item(Obj(e, "item")) },
            RealtimeServerEventResponseOutputAudioDone.EventType => new RealtimeServerEventResponseOutputAudioDone { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), ContentIndex = Int(e, "content_index") },
            RealtimeServerEventResponseOutputAudioTranscriptDelta.EventType => new RealtimeServerEventResponseOutputAudioTranscriptDelta { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), ContentIndex = Int(e, "content_index"), Delta = Str(e, "delta") ?? string.Empty },
            RealtimeServerEventResponseOutputAudioTranscriptDone.EventType => new RealtimeServerEventResponseOutputAudioTranscriptDone { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), ContentIndex = Int(e, "content_index"), Transcript = Str(e, "transcript") ?? string.Empty },
            RealtimeServerEventResponseOutputTextDelta.EventType => new RealtimeServerEventResponseOutputTextDelta { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), ContentIndex = Int(e, "content_index"), Delta = Str(e, "delta") ?? string.Empty },
            RealtimeServerEventResponseOutputTextDone.EventType => new RealtimeServerEventResponseOutputTextDone { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), ContentIndex = Int(e, "content_index"), Text = Str(e, "text") ?? string.Empty },
            RealtimeServerEventResponseFunctionCallArgumentsDelta.EventType => new RealtimeServerEventResponseFunctionCallArgumentsDelta { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), CallId = Str(e, "call_id"), Delta = Str(e, "delta") ?? string.Empty },
            RealtimeServerEventResponseFunctionCallArgumentsDone.EventType => new RealtimeServerEventResponseFunctionCallArgumentsDone { EventId = eventId, ResponseId = Str(e, "response_id"), ItemId = Str(e, "item_id"), OutputIndex = Int(e, "output_index"), CallId = Str(e, "call_id"), Name = Str(e, "name"), Arguments = Str(e, "arguments") ?? string.Empty },
            RealtimeServerEventRateLimitsUpdated.EventType => new RealtimeServerEventRateLimitsUpdated { EventId = eventId, RateLimits = RateLimits(e) },
            _ => null,
        };
    }

    private static RealtimeServerEventSessionCreated SessionCreated(JsonElement e, string? eventId)
    {
        JsonElement session = Obj(e, "session");
        return new RealtimeServerEventSessionCreated
        {
            EventId = eventId,
            SessionId = Str(session, "id"),
            Model = Str(session, "model"),
            Instructions = Str(session, "instructions"),
            Voice = Voice(session),
            Session = session.Clone(),
        };
    }

    private static RealtimeServerEventSessionUpdated SessionUpdated(JsonElement e, string? eventId)
    {
        JsonElement session = Obj(e, "session");
        return new RealtimeServerEventSessionUpdated
        {
            EventId = eventId,
            SessionId = Str(session, "id"),
            Model = Str(session, "model"),
            Instructions = Str(session, "instructions"),
            Voice = Voice(session),
            Session = session.Clone(),
        };
    }

    private static RealtimeServerEventResponseCreated ResponseCreated(JsonElement e, string? eventId)
    {
        RealtimeResponse response = Response(Obj(e, "response"));
        return new RealtimeServerEventResponseCreated { EventId = eventId, ResponseId = response.Id, Response = response };
    }

    private static RealtimeVoice? Voice(JsonElement session) => Value(Obj(Obj(session, "audio"), "output"), "voice", RealtimeVoice.FromString);

    private static RealtimeErrorDetails Error(JsonElement e) => new()
    {
        Type = Str(e, "type"),
        Code = Str(e, "code"),
        Message = Str(e, "message"),
        Param = Str(e, "param"),
        EventId = Str(e, "event_id"),
    };

    private static RealtimeItem Item(JsonElement e)
    {
        var content = new List<RealtimeContentPart>();
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("content", out JsonElement parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement part in parts.EnumerateArray())
            {
                content.Add(new RealtimeContentPart { Type = Str(part, "type"), Text = Str(part, "text"), Transcript = Str(part, "transcript") });
            }
        }

        return new RealtimeItem
        {
            Id = Str(e, "id"),
            Type = Value(e, "type", RealtimeItemType.FromString),
            Role = Value(e, "role", RealtimeItemRole.FromString),
            Status = Value(e, "status", RealtimeItemStatus.FromString),
            CallId = Str(e, "call_id"),
            Name = Str(e, "name"),
            Arguments = Str(e, "arguments"),
            Output = Str(e, "output"),
            Content = content,
        };
    }

    private static RealtimeResponse Response(JsonElement e)
    {
        var output = new List<RealtimeItem>();
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("output", out JsonElement items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in items.EnumerateArray())
            {
                output.Add(Item(item));
            }
        }

        JsonElement details = Obj(e, "status_details");
        JsonElement usage = Obj(e, "usage");
        return new RealtimeResponse
        {
            Id = Str(e, "id"),
            Status = Value(e, "status", RealtimeResponseStatus.FromString),
            ConversationId = Str(e, "conversation_id"),
            StatusDetails = details.ValueKind != JsonValueKind.Object ? null : new RealtimeResponseStatusDetails
            {
                Type = Str(details, "type"),
                Reason = Str(details, "reason"),
                ErrorType = Str(Obj(details, "error"), "type"),
                ErrorCode = Str(Obj(details, "error"), "code"),
            },
            Usage = usage.ValueKind != JsonValueKind.Object ? null : new RealtimeUsage
            {
                TotalTokens = Int(usage, "total_tokens"),
                InputTokens = Int(usage, "input_tokens"),
                OutputTokens = Int(usage, "output_tokens"),
                InputTextTokens = Int(Obj(usage, "input_token_details"), "text_tokens"),
                InputAudioTokens = Int(Obj(usage, "input_token_details"), "audio_tokens"),
                InputCachedTokens = Int(Obj(usage, "input_token_details"), "cached_tokens"),
                InputCachedTextTokens = Int(Obj(Obj(usage, "input_token_details"), "cached_tokens_details"), "text_tokens"),
                InputCachedAudioTokens = Int(Obj(Obj(usage, "input_token_details"), "cached_tokens_details"), "audio_tokens"),
                OutputTextTokens = Int(Obj(usage, "output_token_details"), "text_tokens"),
                OutputAudioTokens = Int(Obj(usage, "output_token_details"), "audio_tokens"),
            },
            Output = output,
        };
    }

    private static List<RealtimeRateLimit> RateLimits(JsonElement e)
    {
        var limits = new List<RealtimeRateLimit>();
        if (e.TryGetProperty("rate_limits", out JsonElement array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement limit in array.EnumerateArray())
            {
                limits.Add(new RealtimeRateLimit
                {
                    Name = Str(limit, "name"),
                    Limit = Long(limit, "limit"),
                    Remaining = Long(limit, "remaining"),
                    ResetSeconds = Double(limit, "reset_seconds"),
                });
            }
        }

        return limits;
    }

    private static JsonElement Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // An extensible value: any string the service sends is kept (new values must not break parsing); an empty one is absent.
    private static T? Value<T>(JsonElement e, string name, Func<string, T> create)
        where T : struct =>
        Str(e, name) is { Length: > 0 } value ? create(value) : null;

    private static int Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : 0;

    private static long Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
            ? (value.TryGetInt64(out long number) ? number : (long)value.GetDouble())
            : 0;

    private static double Double(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static string TryReadType(ReadOnlyMemory<byte> message)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(message);
            return Str(document.RootElement, "type") ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    private static RealtimeServerEventUnknown Unknown(string type, ReadOnlyMemory<byte> message) =>
        new(type, Encoding.UTF8.GetString(message.Span));
}
