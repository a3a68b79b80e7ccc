using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// A phone caller: Twilio's bidirectional Media Streams over an accepted ASP.NET Core <see cref="WebSocket"/>. In: the
/// caller's μ-law audio (<c>media</c>, inbound track), keypad digits (<c>dtmf</c>), the echoes of our marks (how much of
/// the assistant's audio was played) and <c>stop</c>. Out: the assistant's μ-law audio (<c>media</c>), a <c>mark</c> after
/// each piece, and <c>clear</c> when the caller starts speaking. Malformed messages are logged and skipped.
/// </summary>
/// <remarks>Call <see cref="ReadStartAsync"/> before the relay runs the call: the stream's ids and the caller's number
/// come in Twilio's <c>start</c> message. Then one receiver and one sender at a time, as the relay does; neither direction
/// allocates per audio message.</remarks>
internal sealed partial class TwilioCallerTransport : CallerTransport, IDisposable
{
    /// <summary>The largest message read: Twilio's are a few hundred bytes (a 20 ms frame), the start message a few KiB.</summary>
    private const int MaxMessageBytes = 64 * 1024;
    private const int ReceiveChunkBytes = 4 * 1024;
    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _playbackDrainTimeout;
    private readonly ArrayBufferWriter<byte> _received = new(ReceiveChunkBytes);
    // Utf8JsonWriter asks for generous worst-case spans, so messages are written to a reused buffer and sent from it.
    private readonly ArrayBufferWriter<byte> _sending = new(ReceiveChunkBytes);
    private readonly TwilioMessageReader _reader = new();
    private readonly TwilioPlaybackMarks _marks = new();
    private readonly DtmfCollector _keypad;
    private TwilioMessageWriter? _writer;
    private Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private byte[]? _audio;
    private char[] _markName = new char[64];
    private string? _callerPhoneNumber;
    private volatile bool _stopped;

    private enum ReceivedMessage
    {
        Text,
        Binary,
        Oversized,
        Close,
    }

    public TwilioCallerTransport(WebSocket socket, TimeSpan dtmfPause, TimeSpan playbackDrainTimeout, TimeProvider timeProvider, ILogger logger)
    {
        _socket = socket;
        _playbackDrainTimeout = playbackDrainTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _keypad = new DtmfCollector(dtmfPause, timeProvider);
    }

    public override string Kind => "twilio";

    /// <summary>The stream's <c>callSid</c>, <c>streamSid</c> and <c>accountSid</c>, and the TwiML's custom parameters (e.g. <c>from</c>).</summary>
    public override IReadOnlyDictionary<string, string> CallerMetadata => _metadata;

    /// <summary>The caller's number in E.164 (caller ID, the TwiML's <c>from</c> parameter), or null when it is absent or not a phone number (withheld, a SIP or client caller).</summary>
    public override string? CallerPhoneNumber => _callerPhoneNumber;

    public override CallerAudioFormat InputFormat => CallerAudioFormat.G711MuLaw;

    public override CallerAudioFormat OutputFormat => CallerAudioFormat.G711MuLaw;

    /// <summary>
    /// Reads the stream's first messages up to <c>start</c>; null when the stream can be used, else why not (for the log). A
    /// stream in another media format than μ-law 8000 Hz mono is refused.
    /// </summary>
    public async Task<string?> ReadStartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message == ReceivedMessage.Close)
            {
                return "the stream closed before its start message";
            }

            if (message != ReceivedMessage.Text)
            {
                return "the stream's first messages are not Twilio's connected and start (a binary or oversized message)";
            }

            if (!_reader.TryRead(_received.WrittenSpan, EnsureAudioBuffer()))
            {
                return "the stream's first messages are not Twilio's connected and start: " + _reader.Error;
            }

            if (_reader.Event == TwilioEventKind.Connected)
            {
                continue;
            }

            if (_reader.Event != TwilioEventKind.Start)
            {
                return $"the stream sent {_reader.Event.ToString().ToLowerInvariant()} before its start message";
            }

            var start = TwilioStreamStart.TryParse(_received.WrittenSpan, out var error);
            if (start is null)
            {
                return error;
            }

            _writer = new TwilioMessageWriter(start.StreamSid);
            _metadata = new Dictionary<string, string>(start.CustomParameters, StringComparer.Ordinal)
            {
                ["callSid"] = start.CallSid,
                ["streamSid"] = start.StreamSid,
            };
            if (start.AccountSid is not null)
            {
                _metadata["accountSid"] = start.AccountSid;
            }

            _callerPhoneNumber = start.CustomParameters.TryGetValue(TwilioTwiml.FromParameter, out var from) && E164.IsValid(from) ? from : null;
            Log.StreamStarted(_logger, start.CallSid, start.StreamSid, _callerPhoneNumber is not null);
            return null;
        }
    }

    // Pooled: a receive that waits for Twilio would otherwise allocate its state machine once per message.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<CallerInput> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_keypad.TakeIfPaused() is { } paused)
            {
                return Typed(paused);
            }

            if (_stopped)
            {
                return CallerInput.Closed;
            }

            var message = await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
            switch (message)
            {
                case ReceivedMessage.Close:
                    return CallerInput.Closed;
                case ReceivedMessage.Binary:
                    Log.MessageSkipped(_logger, "a binary message (Twilio sends JSON text)");
                    continue;
                case ReceivedMessage.Oversized:
                    Log.MessageSkipped(_logger, $"a message over {MaxMessageBytes} bytes");
                    continue;
            }

            if (!_reader.TryRead(_received.WrittenSpan, EnsureAudioBuffer()))
            {
                Log.MessageSkipped(_logger, _reader.Error!);
                continue;
            }

            if (OnMessage() is { } input)
            {
                return input;
            }
        }
    }

    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, string itemId, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The stream has not started.");
        if (audio.IsEmpty)
        {
            return default;
        }

        if (_markName.Length < TwilioPlaybackMarks.MaxNameLength(itemId.Length))
        {
            _markName = new char[TwilioPlaybackMarks.MaxNameLength(itemId.Length)];
        }

        var nameLength = _marks.OnAudioSent(itemId, audio.Length, _markName);
        _sending.ResetWrittenCount();
        writer.WriteMedia(_sending, audio.Span);
        var mediaBytes = _sending.WrittenCount;
        writer.WriteMark(_sending, _markName.AsSpan(0, nameLength));
        return SendMediaAndMarkAsync(mediaBytes, cancellationToken);
    }

    public override ValueTask SendEventAsync(CallerEvent callerEvent, CancellationToken cancellationToken)
    {
        // The caller started speaking: stop the assistant at once. The relay truncates the model's reply at what the last
        // echoed mark says was played (reported as playback), as it does for the browser; events other than this one
        // (captions, errors, an agent's own events) have no meaning on a phone line.
        if (callerEvent.Type != CallerEventType.Listening || _writer is null)
        {
            return default;
        }

        _marks.OnClear();
        _sending.ResetWrittenCount();
        _writer.WriteClear(_sending);
        return _socket.SendAsync(_sending.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    public override async Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        // Closing the stream makes Twilio go on with the call (and hang up when the TwiML has nothing after <Connect>),
        // dropping audio it has not played yet: while the caller is still there, let it play what was sent, bounded.
        if (!_stopped && _socket.State == WebSocketState.Open && !_marks.AllEchoed
            && !await _marks.WaitUntilAllEchoedAsync(_playbackDrainTimeout, _timeProvider, cancellationToken).ConfigureAwait(false))
        {
            Log.PlaybackNotDrained(_logger, _playbackDrainTimeout.TotalMilliseconds);
        }

        // The close description is limited to 123 bytes; the error code is short and machine-readable.
        var description = CallerEvent.ForEndReason(reason)?.Code ?? (reason == CallEndReason.Completed ? "completed" : "call ended");
        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, description, cancellationToken).ConfigureAwait(false);
    }

    public override void Abort() => _socket.Abort();

    public void Dispose()
    {
        _writer?.Dispose();
        if (_audio is not null)
        {
            ArrayPool<byte>.Shared.Return(_audio);
            _audio = null;
        }
    }

    private CallerInput? OnMessage()
    {
        switch (_reader.Event)
        {
            case TwilioEventKind.Media:
                return _reader.IsInboundTrack && _reader.PayloadBytes > 0 ? CallerInput.ForAudio(_audio.AsMemory(0, _reader.PayloadBytes)) : null;
            case TwilioEventKind.Mark:
                return _marks.TryTakePlayed(_reader.MarkName, out var itemId, out var playedMs) ? CallerInput.ForPlayback(itemId!, playedMs) : null;
            case TwilioEventKind.Dtmf:
                return _keypad.Add(_reader.Digit) is { } entry ? Typed(entry) : null;
            case TwilioEventKind.Stop:
                // The caller hung up (or the call moved on): keys pressed just before still reach the agent, then the call ends.
                Log.StreamStopped(_logger);
                _stopped = true;
                return _keypad.TakePending() is { } pending ? Typed(pending) : CallerInput.Closed;
            case TwilioEventKind.Start:
                Log.MessageSkipped(_logger, "a second start message");
                return null;
            case TwilioEventKind.Connected:
                return null;
            default:
                Log.UnknownEventSkipped(_logger, _reader.UnknownEvent ?? string.Empty);
                return null;
        }
    }

    // The keys a caller typed reach the agent as typed input, e.g. "4155552671" for a phone number.
    private CallerInput Typed(string keys)
    {
        Log.KeypadEntry(_logger, keys.Length);
        return CallerInput.ForText(keys);
    }

    private async ValueTask SendMediaAndMarkAsync(int mediaBytes, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(_sending.WrittenMemory[..mediaBytes], WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        await _socket.SendAsync(_sending.WrittenMemory[mediaBytes..], WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    // Reads one whole message into _received. Past the size limit the rest is read into the same room and dropped, so
    // memory stays bounded.
    private async ValueTask<ReceivedMessage> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        _received.ResetWrittenCount();
        var oversized = false;
        while (true)
        {
            var room = oversized ? ReceiveChunkBytes : Math.Min(ReceiveChunkBytes, MaxMessageBytes + 1 - _received.WrittenCount);
            var result = await _socket.ReceiveAsync(_received.GetMemory(room)[..room], cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReceivedMessage.Close;
            }

            if (!oversized)
            {
                _received.Advance(result.Count);
                oversized = _received.WrittenCount > MaxMessageBytes;
            }

            if (result.EndOfMessage)
            {
                return oversized ? ReceivedMessage.Oversized
                    : result.MessageType == WebSocketMessageType.Text ? ReceivedMessage.Text : ReceivedMessage.Binary;
            }
        }
    }

    // Decoded base64 is at most 3/4 of the message; grown from the pool to the largest message seen.
    private byte[] EnsureAudioBuffer()
    {
        var bytes = TwilioMessageReader.MaxPayloadBytes(_received.WrittenCount);
        if (_audio is null || _audio.Length < bytes)
        {
            if (_audio is not null)
            {
                ArrayPool<byte>.Shared.Return(_audio);
            }

            _audio = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 1024));
        }

        return _audio;
    }
}
