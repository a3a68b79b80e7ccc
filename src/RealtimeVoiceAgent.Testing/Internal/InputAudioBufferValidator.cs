using System;
using System.Text.Json;

namespace RealtimeVoiceAgent.Testing.Internal;

// input_audio_buffer.append: the audio must be non-empty base64.
internal static class InputAudioBufferValidator
{
    public static FakeProtocolError? ValidateAppend(JsonElement e)
    {
        FakeProtocolError? error = ClientEventSchema.RequireString(e, "audio");
        if (error is not null)
        {
            return error;
        }

        string audio = e.GetProperty("audio").GetString()!;
        Span<byte> scratch = audio.Length <= 4096 ? stackalloc byte[audio.Length] : new byte[audio.Length];
        return audio.Length > 0 && Convert.TryFromBase64String(audio, scratch, out _)
            ? null
            : new("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes (in the session's input format: mono PCM16 at 24kHz, or G.711 at 8kHz) but got a value that could not be decoded.", "audio");
    }
}
