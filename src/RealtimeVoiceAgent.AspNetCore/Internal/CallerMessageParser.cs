using System;
using System.Text.Json;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>
/// Parses caller text messages with <see cref="Utf8JsonReader"/>. Audio is base64-decoded straight into the
/// caller's buffer, so an <c>audio_chunk</c> allocates nothing; only the rare control messages allocate strings.
/// </summary>
/// <remarks>Never throws on bad input: every problem becomes <see cref="CallerMessageType.Invalid"/> with a reason.</remarks>
internal static class CallerMessageParser
{
    private static ReadOnlySpan<byte> TypeProperty => "type"u8;
    private static ReadOnlySpan<byte> DataProperty => "data"u8;
    private static ReadOnlySpan<byte> ItemIdProperty => "itemId"u8;
    private static ReadOnlySpan<byte> PlayedMsProperty => "playedMs"u8;

    /// <summary>Parses one message; <paramref name="audioDestination"/> receives the decoded PCM16 of an <c>audio_chunk</c>.</summary>
    public static CallerMessage Parse(ReadOnlySpan<byte> json, Span<byte> audioDestination)
    {
        try
        {
            return ParseCore(json, audioDestination);
        }
        catch (JsonException)
        {
            return CallerMessage.Invalid("Malformed JSON.");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this, not a JsonException, for an escape that is not valid UTF-16 ("\ud800").
            return CallerMessage.Invalid("A string in the message is not valid Unicode (e.g. a lone surrogate escape).");
        }
    }

    private static CallerMessage ParseCore(ReadOnlySpan<byte> json, Span<byte> audioDestination)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return CallerMessage.Invalid("A message must be a JSON object with a string \"type\".");
        }

        var type = CallerMessageType.Invalid;
        string? unknownType = null;
        var hasType = false;
        // "data" may come before "type", so remember where it is and decode it after the object is read.
        var dataStart = -1;
        var dataLength = 0;
        string? escapedData = null;
        var dataWrongType = false;
        string? itemId = null;
        int? playedMs = null;
        string? fieldError = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(TypeProperty))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return CallerMessage.Invalid("\"type\" must be a string.");
                }

                hasType = true;
                type = reader.ValueTextEquals("audio_chunk"u8) ? CallerMessageType.AudioChunk
                    : reader.ValueTextEquals("cancel"u8) ? CallerMessageType.Cancel
                    : reader.ValueTextEquals("playback"u8) ? CallerMessageType.Playback
                    : CallerMessageType.Invalid;
                if (type == CallerMessageType.Invalid)
                {
                    unknownType = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals(DataProperty))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    dataWrongType = true;
                    reader.Skip();
                }
                else if (reader.ValueIsEscaped)
                {
                    escapedData = reader.GetString(); // rare ("\/" in base64): allocate rather than unescape by hand
                }
                else
                {
                    dataStart = (int)reader.TokenStartIndex + 1; // skip the opening quote
                    dataLength = reader.ValueSpan.Length;
                }
            }
            else if (reader.ValueTextEquals(ItemIdProperty))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    itemId = reader.GetString();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    fieldError ??= "\"itemId\" must be a string.";
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals(PlayedMsProperty))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var ms) && ms >= 0 && ms <= int.MaxValue)
                {
                    playedMs = (int)ms;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    fieldError ??= "\"playedMs\" must be a non-negative number.";
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip(); // unknown fields are ignored, so clients can add their own
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            // Read() past the end of a complete object either throws (trailing junk) or returns false.
            return CallerMessage.Invalid("Malformed JSON.");
        }

        if (!hasType)
        {
            return CallerMessage.Invalid("A message must be a JSON object with a string \"type\".");
        }

        if (type == CallerMessageType.Invalid)
        {
            // Not one of the protocol's own: the agent may know it (an agent that does not gets it answered as unknown).
            return string.IsNullOrWhiteSpace(unknownType)
                ? CallerMessage.Invalid($"Unknown message type \"{Truncate(unknownType)}\".")
                : new CallerMessage(CallerMessageType.App, 0, null, null, null, unknownType);
        }

        if (fieldError is not null)
        {
            return CallerMessage.Invalid(fieldError);
        }

        switch (type)
        {
            case CallerMessageType.AudioChunk:
                if (dataWrongType || (dataStart < 0 && escapedData is null))
                {
                    return CallerMessage.Invalid("\"audio_chunk\" needs \"data\": a base64 string of PCM16 audio.");
                }

                var status = escapedData is null
                    ? System.Buffers.Text.Base64.DecodeFromUtf8(json.Slice(dataStart, dataLength), audioDestination, out _, out var written)
                    : DecodeEscaped(escapedData, audioDestination, out written);
                if (status != System.Buffers.OperationStatus.Done)
                {
                    return CallerMessage.Invalid("\"data\" is not valid base64 audio.");
                }

                if ((written & 1) != 0)
                {
                    return CallerMessage.Invalid("\"data\" must hold whole 16-bit samples (an even number of bytes).");
                }

                return new CallerMessage(CallerMessageType.AudioChunk, written, null, null, null);

            case CallerMessageType.Playback:
                if (itemId is null || playedMs is null)
                {
                    return CallerMessage.Invalid("\"playback\" needs \"itemId\" (string) and \"playedMs\" (number).");
                }

                return new CallerMessage(CallerMessageType.Playback, 0, itemId, playedMs, null);

            default:
                return new CallerMessage(CallerMessageType.Cancel, 0, itemId, playedMs, null);
        }
    }

    private static System.Buffers.OperationStatus DecodeEscaped(string data, Span<byte> destination, out int written)
    {
        if (Convert.TryFromBase64String(data, destination, out written))
        {
            return System.Buffers.OperationStatus.Done;
        }

        written = 0;
        return System.Buffers.OperationStatus.InvalidData;
    }

    private static string Truncate(string? value) =>
        value is null ? string.Empty : value.Length <= 40 ? value : value[..40] + "…";
}
