using System;
using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// Reads one message from Twilio's Media Streams in a single <see cref="Utf8JsonReader"/> pass, in any property order:
/// the <c>event</c>, and the fields of <c>media</c> (the base64 payload decoded straight into the caller's buffer with
/// <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>), <c>mark</c> and <c>dtmf</c>.
/// Nothing is allocated for these. The rare <c>start</c> is only recognised here; <see cref="TwilioStreamStart"/> reads it.
/// </summary>
/// <remarks>One per call, receive loop only: the results are those of the last <see cref="TryRead"/>.</remarks>
internal sealed class TwilioMessageReader
{
    private const int MaxUnknownEventChars = 32;
    // The unescaped mark name, or an escaped payload (grown to the largest seen).
    private byte[] _scratch = new byte[256];
    private int _markNameLength;

    /// <summary>What the message is.</summary>
    public TwilioEventKind Event { get; private set; }

    /// <summary>For <see cref="TwilioEventKind.Media"/>: how many bytes of μ-law were decoded into the audio buffer.</summary>
    public int PayloadBytes { get; private set; }

    /// <summary>For <see cref="TwilioEventKind.Media"/>: whether it is the caller's audio (<c>track</c> <c>inbound</c>, or absent).</summary>
    public bool IsInboundTrack { get; private set; }

    /// <summary>For <see cref="TwilioEventKind.Mark"/>: the mark's name, UTF-8; valid until the next read.</summary>
    public ReadOnlySpan<byte> MarkName => _scratch.AsSpan(0, _markNameLength);

    /// <summary>For <see cref="TwilioEventKind.Dtmf"/>: the key (<c>0</c>-<c>9</c>, <c>*</c>, <c>#</c>, <c>A</c>-<c>D</c>).</summary>
    public char Digit { get; private set; }

    /// <summary>For <see cref="TwilioEventKind.Unknown"/>: the event's name as sent (cut to 32 characters), for the log.</summary>
    public string? UnknownEvent { get; private set; }

    /// <summary>When <see cref="TryRead"/> returns false: why the message cannot be used, in words for the log (never its content).</summary>
    public string? Error { get; private set; }

    /// <summary>The most μ-law bytes a message of <paramref name="messageBytes"/> can carry: the audio buffer's size.</summary>
    public static int MaxPayloadBytes(int messageBytes) => (messageBytes / 4 * 3) + 3;

    /// <summary>Reads a whole message; false (with <see cref="Error"/>) when it is not a message this transport can use.</summary>
    public bool TryRead(ReadOnlySpan<byte> json, Span<byte> audio)
    {
        Event = TwilioEventKind.Unknown;
        PayloadBytes = -1;
        IsInboundTrack = true;
        _markNameLength = -1;
        Digit = '\0';
        UnknownEvent = null;
        Error = null;
        var hasEvent = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("the message is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return Fail("\"event\" is not a string");
                    }

                    hasEvent = true;
                    Event = ReadEventKind(ref reader);
                }
                else if (reader.ValueTextEquals("media"u8))
                {
                    if (!ReadSection(ref reader, TwilioEventKind.Media, audio))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("mark"u8))
                {
                    ReadSection(ref reader, TwilioEventKind.Mark, audio);
                }
                else if (reader.ValueTextEquals("dtmf"u8))
                {
                    ReadSection(ref reader, TwilioEventKind.Dtmf, audio);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return Fail("the message is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString and CopyString throw this, not a JsonException, for an escape that is not valid UTF-16 ("\ud800").
            return Fail("a string in the message is not valid Unicode");
        }

        return Validate(hasEvent);
    }

    private bool Validate(bool hasEvent)
    {
        if (!hasEvent)
        {
            return Fail("the message has no \"event\"");
        }

        return Event switch
        {
            TwilioEventKind.Media when PayloadBytes < 0 => Fail("a media message needs media.payload (base64 μ-law)"),
            TwilioEventKind.Mark when _markNameLength <= 0 => Fail("a mark message needs a non-empty mark.name"),
            TwilioEventKind.Dtmf when Digit == '\0' => Fail("a dtmf message needs dtmf.digit, one key (0-9, *, #, A-D)"),
            _ => true,
        };
    }

    private TwilioEventKind ReadEventKind(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("media"u8))
        {
            return TwilioEventKind.Media;
        }

        if (reader.ValueTextEquals("mark"u8))
        {
            return TwilioEventKind.Mark;
        }

        if (reader.ValueTextEquals("dtmf"u8))
        {
            return TwilioEventKind.Dtmf;
        }

        if (reader.ValueTextEquals("start"u8))
        {
            return TwilioEventKind.Start;
        }

        if (reader.ValueTextEquals("stop"u8))
        {
            return TwilioEventKind.Stop;
        }

        if (reader.ValueTextEquals("connected"u8))
        {
            return TwilioEventKind.Connected;
        }

        var name = reader.GetString() ?? string.Empty;
        UnknownEvent = name.Length > MaxUnknownEventChars ? name[..MaxUnknownEventChars] : name;
        return TwilioEventKind.Unknown;
    }

    // The reader is on the section's property name; on return it is on the section's last token.
    private bool ReadSection(ref Utf8JsonReader reader, TwilioEventKind section, Span<byte> audio)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (section == TwilioEventKind.Media && reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !TryDecodePayload(ref reader, audio))
                {
                    return Fail("media.payload is not valid base64");
                }
            }
            else if (section == TwilioEventKind.Media && reader.ValueTextEquals("track"u8))
            {
                reader.Read();
                // A bidirectional stream carries the caller's track only ("inbound"; <Start><Stream> says "inbound_track").
                IsInboundTrack = reader.TokenType == JsonTokenType.String && (reader.ValueTextEquals("inbound"u8) || reader.ValueTextEquals("inbound_track"u8));
            }
            else if (section == TwilioEventKind.Mark && reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    _markNameLength = CopyUnescaped(ref reader);
                }
            }
            else if (section == TwilioEventKind.Dtmf && reader.ValueTextEquals("digit"u8))
            {
                reader.Read();
                Digit = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 1 && IsKey((char)reader.ValueSpan[0]) ? (char)reader.ValueSpan[0] : '\0';
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryDecodePayload(ref Utf8JsonReader reader, Span<byte> audio)
    {
        // Twilio's payload has no escapes; a JSON writer that escapes '/' as "\/" is handled by unescaping into scratch first.
        // The copy may grow _scratch, so the span is taken after it (found by fuzzing: a long escaped payload threw).
        var base64 = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            var length = CopyUnescaped(ref reader);
            base64 = _scratch.AsSpan(0, length);
        }

        var status = Base64.DecodeFromUtf8(base64, audio, out _, out var written);
        PayloadBytes = written;
        return status == OperationStatus.Done;
    }

    private int CopyUnescaped(ref Utf8JsonReader reader)
    {
        if (_scratch.Length < reader.ValueSpan.Length)
        {
            _scratch = new byte[Math.Max(reader.ValueSpan.Length, _scratch.Length * 2)];
        }

        return reader.CopyString(_scratch);
    }

    private static bool IsKey(char c) => char.IsAsciiDigit(c) || c is '*' or '#' or (>= 'A' and <= 'D');

    private bool Fail(string error)
    {
        Error = error;
        return false;
    }
}
