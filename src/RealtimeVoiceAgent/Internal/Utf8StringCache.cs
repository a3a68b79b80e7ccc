using System;
using System.Text;
using System.Text.Json;

namespace RealtimeVoiceAgent.Internal;

// Remembers the last string read for one property (item id, response id): a stream of audio deltas repeats the
// same ids, so comparing bytes and reusing the previous string keeps the delta path free of string allocations.
internal sealed class Utf8StringCache
{
    private byte[] _utf8 = new byte[64];
    private int _length = -1;
    private string? _value;

    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string.");
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            // Rare (ids are plain ASCII): take the slow, allocating path and do not cache.
            return reader.GetString();
        }

        return Read(reader.ValueSpan);
    }

    // utf8: the reader's value span of an unescaped string.
    private string Read(ReadOnlySpan<byte> utf8)
    {
        if (_value is not null && utf8.SequenceEqual(_utf8.AsSpan(0, _length)))
        {
            return _value;
        }

        if (utf8.Length > _utf8.Length)
        {
            _utf8 = new byte[utf8.Length];
        }

        utf8.CopyTo(_utf8);
        _length = utf8.Length;
        _value = Encoding.UTF8.GetString(utf8);
        return _value;
    }
}
