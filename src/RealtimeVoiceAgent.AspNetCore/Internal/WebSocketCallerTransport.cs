using System;
using System.Text.Json;
using System.Buffers;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>
/// The browser caller transport: an accepted ASP.NET Core <see cref="WebSocket"/> speaking the caller protocol
/// (docs/client-protocol.md): JSON messages, or binary PCM16 frames at the caller's declared rates.
/// </summary>
/// <remarks>One receiver and one sender at a time, which is what the relay does and what a WebSocket allows; the receive
/// and send buffers are reused, so neither direction allocates per audio message.</remarks>
internal sealed class WebSocketCallerTransport : CallerTransport, IDisposable
{
    private const int ReceiveChunkBytes = 8 * 1024;
    private readonly WebSocket _socket;
    private readonly CallerProtocolOptions _protocol;
    private readonly int _maxMessageBytes;
    private readonly ArrayBufferWriter<byte> _received;
    // Utf8JsonWriter asks for generous worst-case spans, so messages are written to a reused buffer and sent from it.
    private readonly ArrayBufferWriter<byte> _sending = new(4096);
    private readonly CallerMessageWriter _writer = new();
    private byte[]? _decodedAudio;
    private string? _lastItemId;

    public WebSocketCallerTransport(WebSocket socket, CallerProtocolOptions protocol, int maxMessageBytes, IReadOnlyDictionary<string, string> callerMetadata)
    {
        _socket = socket;
        _protocol = protocol;
        _maxMessageBytes = maxMessageBytes;
        // One receive chunk: holds 50 ms of audio as JSON (3.3 KB) or binary up to 48 kHz (4.8 KB); grows for larger messages.
        _received = new ArrayBufferWriter<byte>(Math.Min(maxMessageBytes + 1, ReceiveChunkBytes));
        CallerMetadata = callerMetadata;
        InputFormat = protocol.BinaryAudio ? CallerAudioFormat.Pcm16(protocol.InputRate) : CallerAudioFormat.Pcm16At24kHz;
        OutputFormat = protocol.BinaryAudio ? CallerAudioFormat.Pcm16(protocol.OutputRate) : CallerAudioFormat.Pcm16At24kHz;
    }

    public override string Kind => "websocket";

    public override IReadOnlyDictionary<string, string> CallerMetadata { get; }

    public override CallerAudioFormat InputFormat { get; }

    public override CallerAudioFormat OutputFormat { get; }

    // Pooled: a receive that waits for the caller would otherwise allocate its state machine once per message.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<CallerInput> ReceiveAsync(CancellationToken cancellationToken)
    {
        _received.ResetWrittenCount();

        // Do a 0 byte read so that an idle call does not hold a receive buffer while it waits (SignalR WebSocketsTransport).
        var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (peek.MessageType == WebSocketMessageType.Close)
        {
            return CallerInput.Closed;
        }

        while (true)
        {
            // Ask for one byte more than the limit allows, so an oversize message is detected without reading it all.
            var room = Math.Min(ReceiveChunkBytes, _maxMessageBytes + 1 - _received.WrittenCount);
            var result = await _socket.ReceiveAsync(_received.GetMemory(room)[..room], cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return CallerInput.Closed;
            }

            _received.Advance(result.Count);
            if (_received.WrittenCount > _maxMessageBytes)
            {
                return CallerInput.TooLarge;
            }

            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Binary ? OnBinary(_received.WrittenMemory) : OnText(_received.WrittenSpan);
            }
        }
    }

    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, string itemId, CancellationToken cancellationToken)
    {
        if (!_protocol.BinaryAudio)
        {
            _sending.ResetWrittenCount();
            _writer.WriteAudioDelta(_sending, audio.Span, itemId);
            return _socket.SendAsync(_sending.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }

        if (string.Equals(_lastItemId, itemId, StringComparison.Ordinal))
        {
            return _socket.SendAsync(audio, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }

        // Binary frames carry no item id: a new item is announced first (audio_item), then its frames follow.
        _lastItemId = itemId;
        return SendItemThenAudioAsync(audio, itemId, cancellationToken);
    }

    public override ValueTask SendEventAsync(CallerEvent callerEvent, CancellationToken cancellationToken)
    {
        // Transcripts and response_done are opt-in additions (transcripts=1, responseDone=1 in the connect URL).
        if ((!_protocol.Transcripts && (callerEvent.Type == CallerEventType.Transcript || callerEvent.Type == CallerEventType.TranscriptDelta))
            || (!_protocol.ResponseDone && callerEvent.Type == CallerEventType.ResponseDone))
        {
            return default;
        }

        _sending.ResetWrittenCount();
        _writer.WriteEvent(_sending, callerEvent);
        return _socket.SendAsync(_sending.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    public override async Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        await _socket.CloseOutputAsync(WebSocketCloseStatuses.For(reason), WebSocketCloseStatuses.Description(reason), cancellationToken).ConfigureAwait(false);
    }

    public override void Abort() => _socket.Abort();

    /// <summary>Refuses a call before the relay runs it: an <c>error</c> with <paramref name="code"/>, then a close with the code as reason.</summary>
    public async Task RefuseAsync(string code, string message, WebSocketCloseStatus status, CancellationToken cancellationToken)
    {
        await SendEventAsync(CallerEvent.ForError(code, message), cancellationToken).ConfigureAwait(false);
        await _socket.CloseOutputAsync(status, code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After the server's close frame, reads and discards what the caller still sends until its answering close frame
    /// arrives or <paramref name="limit"/> passes.
    /// </summary>
    /// <remarks>
    /// A policy close (flood, oversize) ends the relay's reading while the caller may still be sending. Closing the TCP
    /// connection with that input unread makes the kernel reset it, and a browser whose send then fails reports 1006 and
    /// never shows the close code and reason it had already been sent. Runs only once the relay is done with the socket.
    /// </remarks>
    public async Task DrainAfterCloseAsync(TimeSpan limit)
    {
        if (_socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        // Wall clock, not the relay's TimeProvider: this bounds a network exchange, not a call limit.
        using var timeout = new CancellationTokenSource(limit);
        var discard = ArrayPool<byte>.Shared.Rent(ReceiveChunkBytes);
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(discard.AsMemory(), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The caller did not answer in time (a cancelled receive aborts the socket), or its connection dropped.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (_decodedAudio is not null)
        {
            ArrayPool<byte>.Shared.Return(_decodedAudio);
            _decodedAudio = null;
        }
    }

    private async ValueTask SendItemThenAudioAsync(ReadOnlyMemory<byte> audio, string itemId, CancellationToken cancellationToken)
    {
        _sending.ResetWrittenCount();
        _writer.WriteAudioItem(_sending, itemId);
        await _socket.SendAsync(_sending.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        await _socket.SendAsync(audio, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    private CallerInput OnBinary(ReadOnlyMemory<byte> pcm)
    {
        if (!_protocol.BinaryAudio)
        {
            return CallerInput.ForInvalid("Binary frames need audio=binary in the connect URL.");
        }

        return (pcm.Length & 1) != 0
            ? CallerInput.ForInvalid("A binary frame must hold whole 16-bit samples (an even number of bytes).")
            : CallerInput.ForAudio(pcm);
    }

    private CallerInput OnText(ReadOnlySpan<byte> json)
    {
        // Decoded base64 is at most 3/4 of the message.
        var message = CallerMessageParser.Parse(json, EnsureDecodeBuffer((json.Length / 4 * 3) + 3));
        switch (message.Type)
        {
            case CallerMessageType.AudioChunk:
                // audio_chunk is 24 kHz PCM16 (protocol v1); a binary call at another input rate sends binary frames only.
                return InputFormat == CallerAudioFormat.Pcm16At24kHz
                    ? CallerInput.ForAudio(_decodedAudio.AsMemory(0, message.AudioBytes))
                    : CallerInput.ForInvalid("This call declared audio=binary with another inputRate: send audio as binary frames, not audio_chunk.");
            case CallerMessageType.Cancel:
                return CallerInput.ForCancel(message.ItemId, message.PlayedMs);
            case CallerMessageType.Playback:
                return string.IsNullOrEmpty(message.ItemId)
                    ? CallerInput.ForInvalid("\"playback\" needs a non-empty \"itemId\".")
                    : CallerInput.ForPlayback(message.ItemId, message.PlayedMs!.Value);
            case CallerMessageType.App:
                return OnAppMessage(message.AppType!, json);
            default:
                return CallerInput.ForInvalid(message.Error!);
        }
    }

    // The whole message, detached from the receive buffer, for the agent.
    private static CallerInput OnAppMessage(string type, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return CallerInput.ForAppMessage(type, JsonElement.ParseValue(ref reader));
    }

    // Grown (from the pool) to the largest message seen, so a call holds only what its frames need.
    private byte[] EnsureDecodeBuffer(int bytes)
    {
        if (_decodedAudio is null || _decodedAudio.Length < bytes)
        {
            if (_decodedAudio is not null)
            {
                ArrayPool<byte>.Shared.Return(_decodedAudio);
            }

            _decodedAudio = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 4096));
        }

        return _decodedAudio;
    }
}
