using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// Stateless checks of client events against the GA protocol (required fields, types, known parameters), answering
// with the error codes the real service uses (protocol doc 3, 7). Each event family has its own validator; the checks
// that depend on the conversation state live with that state (FakeInputAudioBuffer, FakeConversation, FakeResponsePlayer).
internal static class ClientEventValidator
{
    public static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
        "conversation.item.create", "conversation.item.retrieve", "conversation.item.truncate", "conversation.item.delete",
        "response.create", "response.cancel", "output_audio_buffer.clear",
    };

    public static FakeProtocolError? Validate(string type, JsonElement e)
    {
        if (e.TryGetProperty("event_id", out JsonElement eventId) && (eventId.ValueKind != JsonValueKind.String || eventId.GetString()!.Length > 512))
        {
            return new("invalid_type", "Invalid 'event_id': expected a string of at most 512 characters.", "event_id");
        }

        return type switch
        {
            "session.update" => SessionUpdateValidator.Validate(e),
            "input_audio_buffer.append" => InputAudioBufferValidator.ValidateAppend(e),
            "conversation.item.create" => ConversationItemValidator.ValidateCreate(e),
            "conversation.item.truncate" => ConversationItemValidator.ValidateTruncate(e),
            "conversation.item.delete" or "conversation.item.retrieve" => ConversationItemValidator.ValidateReference(e),
            "response.create" => ResponseValidator.ValidateCreate(e),
            "response.cancel" => ResponseValidator.ValidateCancel(e),
            "output_audio_buffer.clear" => new("invalid_request_error", "output_audio_buffer.clear is only supported for WebRTC and SIP sessions."),
            _ => null,
        };
    }
}
