using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Audio;

namespace RealtimeVoiceAgent.Relay;

// The caller side: the receive loop (caller -> model) and the writes into the caller-bound outbox.
internal sealed partial class CallSession
{
    private static readonly JsonEncodedText s_ready = JsonEncodedText.Encode("ready");
    private static readonly JsonEncodedText s_listening = JsonEncodedText.Encode("listening");
    private static readonly JsonEncodedText s_processing = JsonEncodedText.Encode("processing");

    private readonly object _outboxLock = new();
    private readonly CallerMessageWriter _messageWriter;
    // Utf8JsonWriter asks for generous worst-case spans, so JSON is written to a reused buffer and copied into the outbox.
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(4096);
    private readonly AudioFloodGuard _floodGuard;
    private readonly Pcm16Resampler? _inputResampler;
    private readonly Pcm16Resampler? _outputResampler;
    private bool _outboxClosed;
    private ITimer? _idleTimer;
    private ArrayBufferWriter<byte>? _receiveBuffer;
    private byte[]? _audioBuffer;

    private async Task RunReceiveLoopAsync()
    {
        var ct = _receiveCts.Token;
        var maxFrame = _settings.MaxFrameBytes;
        _receiveBuffer = new ArrayBufferWriter<byte>(Math.Min(maxFrame + 1, 16 * 1024));
        try
        {
            while (true)
            {
                _receiveBuffer.ResetWrittenCount();
                var kind = await _caller.ReceiveAsync(_receiveBuffer, maxFrame, ct).ConfigureAwait(false);
                var receivedAt = _timeProvider.GetTimestamp();
                switch (kind)
                {
                    case CallerMessageKind.Closed:
                        End(CallEndReason.CallerClosed);
                        return;
                    case CallerMessageKind.TooLarge:
                        Log.CallerFrameTooLarge(_logger, maxFrame);
                        End(CallEndReason.FrameTooLarge);
                        return;
                }

                _idleTimer?.Change(_settings.IdleTimeout, Timeout.InfiniteTimeSpan);
                var keepGoing = kind == CallerMessageKind.Binary
                    ? await OnCallerBinaryAsync(_receiveBuffer.WrittenMemory, receivedAt, ct).ConfigureAwait(false)
                    : await OnCallerTextAsync(_receiveBuffer.WrittenMemory, receivedAt, ct).ConfigureAwait(false);
                if (!keepGoing)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is WebSocketException or System.IO.IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller's connection dropped without a close handshake.
            Log.CallerDropped(_logger, ex.GetType().Name);
            End(CallEndReason.CallerClosed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RelayFailed(_logger, ex);
            End(CallEndReason.InternalError);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnCallerTextAsync(ReadOnlyMemory<byte> json, long receivedAt, CancellationToken ct)
    {
        // Decoded base64 is at most 3/4 of the message.
        var message = CallerMessageParser.Parse(json.Span, EnsureAudioBuffer((json.Length / 4 * 3) + 3));
        switch (message.Type)
        {
            case CallerMessageType.AudioChunk:
                return await ForwardAudioAsync(_audioBuffer.AsMemory(0, message.AudioBytes), CallerProtocolOptions.ModelSampleRate, receivedAt, ct).ConfigureAwait(false);
            case CallerMessageType.Cancel:
                await OnCallerCancelAsync(message.ItemId, message.PlayedMs).ConfigureAwait(false);
                return true;
            case CallerMessageType.Playback:
                OnCallerPlayback(message.ItemId!, message.PlayedMs!.Value);
                return true;
            default:
                Log.CallerBadMessage(_logger, message.Error!);
                SendError("bad_message", message.Error!);
                return true;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnCallerBinaryAsync(ReadOnlyMemory<byte> pcm, long receivedAt, CancellationToken ct)
    {
        if (!_protocol.BinaryAudio)
        {
            SendError("bad_message", "Binary frames need audio=binary in the connect URL.");
            return true;
        }

        if ((pcm.Length & 1) != 0)
        {
            SendError("bad_message", "A binary frame must hold whole 16-bit samples (an even number of bytes).");
            return true;
        }

        if (_inputResampler is null)
        {
            return await ForwardAudioAsync(pcm, _protocol.InputRate, receivedAt, ct).ConfigureAwait(false);
        }

        // The flood check counts the caller's own samples, before resampling.
        if (!CheckFlood(pcm.Length / 2, _protocol.InputRate))
        {
            return false;
        }

        var input = MemoryMarshal.Cast<byte, short>(pcm.Span);
        var output = MemoryMarshal.Cast<byte, short>(EnsureAudioBuffer(_inputResampler.GetMaxOutputLength(input.Length) * 2).AsSpan());
        var samples = _inputResampler.Process(input, output);
        return await ForwardCheckedAudioAsync(_audioBuffer.AsMemory(0, samples * 2), receivedAt, ct).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ForwardAudioAsync(ReadOnlyMemory<byte> pcm, int sampleRate, long receivedAt, CancellationToken ct)
    {
        if (!CheckFlood(pcm.Length / 2, sampleRate))
        {
            return false;
        }

        return await ForwardCheckedAudioAsync(pcm, receivedAt, ct).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ForwardCheckedAudioAsync(ReadOnlyMemory<byte> pcm24k, long receivedAt, CancellationToken ct)
    {
        var session = _session;
        if (!_ready || session is null)
        {
            // The seed's caller starts the microphone after "ready"; audio before it has nowhere to go.
            return true;
        }

        if (pcm24k.Length > 0)
        {
            // Relay-internal latency ends where the frame is handed to the model connection, as it does on the way out
            // (CallerOutbox records before the caller transport's send). The send itself (framing and the socket write) is
            // measured on its own. The histograms are set only by a load run; without them no timestamp is taken.
            var handedOverAt = (_inboundLatency ?? _modelSendDuration) is null ? 0 : _timeProvider.GetTimestamp();
            _inboundLatency?.Record(_timeProvider.GetElapsedTime(receivedAt, handedOverAt));
            await session.SendAudioAsync(pcm24k, ct).ConfigureAwait(false);
            _modelSendDuration?.Record(_timeProvider.GetElapsedTime(handedOverAt));
        }

        return true;
    }

    private bool CheckFlood(int samples, int sampleRate)
    {
        if (_floodGuard.TryConsume(samples, sampleRate))
        {
            return true;
        }

        Log.CallerFlood(_logger, _settings.AudioBurst.TotalMilliseconds);
        End(CallEndReason.Flood);
        return false;
    }

    /// <summary>The audio scratch buffer, grown (from the pool) to the largest message seen, so a call holds only what its frames need.</summary>
    private byte[] EnsureAudioBuffer(int bytes)
    {
        if (_audioBuffer is null || _audioBuffer.Length < bytes)
        {
            if (_audioBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_audioBuffer);
            }

            _audioBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 4096));
        }

        return _audioBuffer;
    }

    private void ReleaseReceiveBuffers()
    {
        if (_audioBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_audioBuffer);
            _audioBuffer = null;
        }

        _receiveBuffer = null;
    }

    // ---- caller-bound messages -----------------------------------------------------------------

    private void SendSimple(JsonEncodedText type)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteSimple(Reserve(), type);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    private void SendError(string code, string message)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            ok = WriteErrorLocked(code, message);
        }

        OnCommit(ok);
    }

    private bool WriteErrorLocked(string code, string message)
    {
        _messageWriter.WriteError(Reserve(), code, message);
        return CommitJson(_timeProvider.GetTimestamp());
    }

    private void SendText(string transcript)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteText(Reserve(), transcript);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    private void SendTranscript(bool isDelta, string role, string? itemId, string value)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteTranscript(Reserve(), isDelta, role, itemId, value);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    private void SendResponseDone(string status, string? responseId)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteResponseDone(Reserve(), status, responseId);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    private void SendWithData(string type, ReadOnlyMemory<byte> dataJson)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteWithData(Reserve(), type, dataJson.Span);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    private void SendAudioItem(string itemId)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            _messageWriter.WriteAudioItem(Reserve(), itemId);
            ok = CommitJson(_timeProvider.GetTimestamp());
        }

        OnCommit(ok);
    }

    /// <summary>Sends one model audio delta (24 kHz PCM16) in the caller's format: JSON base64 or binary at its output rate.</summary>
    private void SendAudio(ReadOnlySpan<byte> pcm24k, string itemId, long receivedAt)
    {
        bool ok;
        lock (_outboxLock)
        {
            if (_outboxClosed)
            {
                return;
            }

            if (!_protocol.BinaryAudio)
            {
                _messageWriter.WriteAudioDelta(Reserve(), pcm24k, itemId);
                ok = CommitJson(receivedAt);
            }
            else if (_outputResampler is null)
            {
                ok = _outbox.Enqueue(CallerMessageKind.Binary, pcm24k, receivedAt);
            }
            else
            {
                var input = MemoryMarshal.Cast<byte, short>(pcm24k);
                var maxSamples = _outputResampler.GetMaxOutputLength(input.Length);
                var payload = _outbox.GetPayloadMemory(maxSamples * 2).Span;
                var samples = _outputResampler.Process(input, MemoryMarshal.Cast<byte, short>(payload));
                ok = _outbox.Commit(CallerMessageKind.Binary, samples * 2, receivedAt);
            }
        }

        OnCommit(ok);
    }

    private ArrayBufferWriter<byte> Reserve()
    {
        _jsonBuffer.ResetWrittenCount();
        return _jsonBuffer;
    }

    private bool CommitJson(long receivedAt) => _outbox.Enqueue(CallerMessageKind.Text, _jsonBuffer.WrittenSpan, receivedAt);

    private void OnCommit(bool ok)
    {
        if (!ok && EndReason == CallEndReason.None)
        {
            Log.CallerNotReading(_logger, _settings.MaxOutboundBufferBytes);
            End(CallEndReason.SlowConsumer);
        }
    }
}
