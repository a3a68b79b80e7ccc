using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent.Audio;

/// <summary>
/// Parses <c>response.output_audio.delta</c> without allocating: decodes the base64 audio straight from the message
/// into a pooled buffer, reuses the ids of the previous delta when their bytes match, and fills one reused
/// <see cref="RealtimeServerEventResponseOutputAudioDelta"/>.
/// </summary>
/// <remarks>
/// One <see cref="Utf8JsonReader"/> pass reads the fields; when <c>delta</c> ends the message as the service sends it,
/// its value is decoded straight from the message bytes (<see cref="JsonBase64Value"/>) without the reader scanning it
/// first. Not thread-safe: one reader per receive loop. <see cref="Event"/> and its audio are valid until the next read.
/// </remarks>
internal sealed class AudioDeltaReader : IDisposable
{
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 64 };

    private readonly Utf8StringCache _responseId = new();
    private readonly Utf8StringCache _itemId = new();
    private byte[] _audio = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private byte[]? _unescaped;

    /// <summary>The reused event, filled by the last successful read.</summary>
    public RealtimeServerEventResponseOutputAudioDelta Event { get; } = new();

    private static ReadOnlySpan<byte> TypeName => "type"u8;

    private static ReadOnlySpan<byte> AudioDeltaType => "response.output_audio.delta"u8;

    private static ReadOnlySpan<byte> DeltaName => "delta"u8;

    private static ReadOnlySpan<byte> ResponseIdName => "response_id"u8;

    private static ReadOnlySpan<byte> ItemIdName => "item_id"u8;

    private static ReadOnlySpan<byte> OutputIndexName => "output_index"u8;

    private static ReadOnlySpan<byte> ContentIndexName => "content_index"u8;

    private static ReadOnlySpan<byte> EventIdName => "event_id"u8;

    /// <summary>Whether the message's top-level <c>type</c> is <c>response.output_audio.delta</c>.</summary>
    public static bool IsAudioDelta(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message, s_readerOptions);
        return IsAudioDelta(ref reader);
    }

    /// <summary>Reads an audio delta from one complete message.</summary>
    /// <returns><see langword="false"/> when the message is not an audio delta or is malformed (the caller falls back to the general parser).</returns>
    public bool TryRead(ReadOnlySpan<byte> message)
    {
        // One pass: ReadFields gives up as soon as "type" (sent first by the service) is another event.
        var reader = new Utf8JsonReader(message, s_readerOptions);
        return SafeReadFields(ref reader, message);
    }

    /// <summary>Reads an audio delta from one complete message held in several segments.</summary>
    /// <returns><see langword="false"/> when the message is not an audio delta or is malformed.</returns>
    public bool TryRead(in ReadOnlySequence<byte> message)
    {
        var reader = new Utf8JsonReader(message, s_readerOptions);
        return SafeReadFields(ref reader, ReadOnlySpan<byte>.Empty);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_audio);
        _audio = Array.Empty<byte>();
        if (_unescaped is not null)
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
            _unescaped = null;
        }
    }

    // Scans the top-level properties until "type"; the service sends it first, so this usually reads two tokens.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsAudioDelta(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isType = reader.ValueTextEquals(TypeName);
            reader.Read();
            if (isType)
            {
                return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(AudioDeltaType);
            }

            reader.Skip();
        }

        return false;
    }

    private bool SafeReadFields(ref Utf8JsonReader reader, ReadOnlySpan<byte> message)
    {
        try
        {
            return ReadFields(ref reader, message);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetInt32 and friends throw this for a token of the wrong type.
            return false;
        }
        catch (FormatException)
        {
            // GetInt32 throws this for a number that is not an Int32 (1.5, 1e2, 9999999999).
            return false;
        }
    }

    // message: the whole message when it is one span (enables the trailing-delta fast path), else empty.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadFields(ref Utf8JsonReader reader, ReadOnlySpan<byte> message)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool isAudioDelta = false;
        string? responseId = null;
        string? itemId = null;
        int outputIndex = 0;
        int contentIndex = 0;
        int audioLength = -1;
        RealtimeServerEventResponseOutputAudioDelta delta = Event;
        delta.ClearEventId();

        bool endChecked = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(TypeName))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(AudioDeltaType))
                {
                    return false;
                }

                isAudioDelta = true;
            }
            else if (reader.ValueTextEquals(DeltaName))
            {
                // The service sends "delta" last: decode the base64 straight from the message bytes, without the reader
                // scanning the 3 KB string first. Anything unusual (escapes, more properties) takes the reader path.
                if (!message.IsEmpty && !reader.HasValueSequence && TryDecodeTrailingDelta(message[(int)reader.BytesConsumed..], out audioLength))
                {
                    endChecked = true;
                    break;
                }

                reader.Read();
                audioLength = DecodeAudio(ref reader);
                if (audioLength < 0)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals(ItemIdName))
            {
                reader.Read();
                itemId = _itemId.Read(ref reader);
            }
            else if (reader.ValueTextEquals(ResponseIdName))
            {
                reader.Read();
                responseId = _responseId.Read(ref reader);
            }
            else if (reader.ValueTextEquals(OutputIndexName))
            {
                reader.Read();
                outputIndex = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(ContentIndexName))
            {
                reader.Read();
                contentIndex = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(EventIdName))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped)
                {
                    delta.SetEventIdUtf8(reader.ValueSpan);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // The object must close the message: nothing but whitespace may follow (Read throws on anything else).
        if (!endChecked && (reader.TokenType != JsonTokenType.EndObject || reader.Read()))
        {
            return false;
        }

        if (audioLength < 0 || !isAudioDelta)
        {
            return false;
        }

        delta.SetFields(responseId, itemId, outputIndex, contentIndex, new ReadOnlyMemory<byte>(_audio, 0, audioLength));
        return true;
    }

    // rest: the bytes after the "delta" property name. Succeeds only for `: "<base64 without escapes>" }` ending the
    // message (JSON whitespace allowed outside the string): then base64 decoding validates every byte of the value,
    // and the object's end is checked here, so the message is valid JSON without the reader seeing the value.
    private bool TryDecodeTrailingDelta(ReadOnlySpan<byte> rest, out int audioLength)
    {
        audioLength = -1;
        ReadOnlySpan<byte> whitespace = " \t\r\n"u8;
        rest = rest.TrimStart(whitespace);
        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return false;
        }

        rest = rest[1..].TrimStart(whitespace);
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return false;
        }

        rest = rest[1..];
        _audio = EnsureCapacity(_audio, Base64.GetMaxDecodedFromUtf8Length(rest.Length));
        if (!JsonBase64Value.TryDecode(rest, _audio, out int end, out int written))
        {
            return false;
        }

        ReadOnlySpan<byte> tail = rest[(end + 1)..].Trim(whitespace);
        if (tail.Length != 1 || tail[0] != (byte)'}')
        {
            return false;
        }

        audioLength = written;
        return true;
    }

    // Returns the decoded length, or -1 when the value is not valid base64.
    private int DecodeAudio(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return -1;
        }

        ReadOnlySpan<byte> base64;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            base64 = reader.ValueSpan;
        }
        else
        {
            // The value spans several receive segments or contains escapes (e.g. "\/"): unescape into pooled scratch.
            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            _unescaped = EnsureCapacity(_unescaped, length);
            int copied = reader.CopyString(_unescaped);
            base64 = _unescaped.AsSpan(0, copied);
        }

        _audio = EnsureCapacity(_audio, Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        OperationStatus status = Base64.DecodeFromUtf8(base64, _audio, out _, out int written);
        return status == OperationStatus.Done ? written : -1;
    }

    private static byte[] EnsureCapacity(byte[]? buffer, int length)
    {
        if (buffer is not null && buffer.Length >= length)
        {
            return buffer;
        }

        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
    }
}
