using System;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <content>Client events: framed here, put on the socket by the session's RealtimeEventSender.</content>
public sealed partial class RealtimeSession
{
    /// <summary>Sends <c>session.update</c> (GA shape) with the given configuration.</summary>
    /// <param name="configuration">The settings to change; unset values are not sent.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued; the service answers with <c>session.updated</c> or <c>error</c>.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return _sender.SendControlAsync(configuration, static (output, c) => ClientEventWriter.WriteSessionUpdate(output, c), cancellationToken);
    }

    /// <summary>Sends <c>input_audio_buffer.append</c>: raw audio in the session's input format (PCM16 24 kHz mono by default), base64-framed without allocating.</summary>
    /// <param name="audio">The audio bytes; copied before the call returns.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is written to the socket or queued behind another send (synchronously in practice).</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            return default;
        }

        // The hot path frames into a reused buffer and writes it to the socket, or into the pipe when another send is in
        // flight: no intermediate array, no allocation.
        return _sender.SendAsync(audio, static (output, bytes) => AudioAppendFraming.WriteAppendEvent(output, bytes.Span), cancellationToken);
    }

    /// <summary>Sends <c>input_audio_buffer.commit</c> (manual turns; needs at least 100 ms of audio).</summary>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public ValueTask CommitAudioAsync(CancellationToken cancellationToken = default) =>
        _sender.SendControlAsync(0, static (output, _) => ClientEventWriter.WriteInputAudioBufferCommit(output), cancellationToken);

    /// <summary>Sends <c>input_audio_buffer.clear</c>.</summary>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public ValueTask ClearAudioAsync(CancellationToken cancellationToken = default) =>
        _sender.SendControlAsync(0, static (output, _) => ClientEventWriter.WriteInputAudioBufferClear(output), cancellationToken);

    /// <summary>Sends <c>conversation.item.create</c> with a user text message.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask AddUserTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _sender.SendControlAsync(text, static (output, t) => ClientEventWriter.WriteUserText(output, t), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.create</c> with a system text message (no response is asked for).</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask AddSystemMessageAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _sender.SendControlAsync(text, static (output, t) => ClientEventWriter.WriteSystemText(output, t), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.create</c> with an assistant message of one <c>output_text</c> part (no response is asked for).</summary>
    /// <param name="text">The assistant's words.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask AddAssistantTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _sender.SendControlAsync(text, static (output, t) => ClientEventWriter.WriteAssistantText(output, t), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.create</c> with a <c>function_call</c> item (a call replayed into a new session; its output follows with <see cref="SendFunctionCallOutputAsync"/>).</summary>
    /// <param name="callId">The call id.</param>
    /// <param name="name">The function name.</param>
    /// <param name="arguments">The arguments as JSON text.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask AddFunctionCallAsync(string callId, string name, string arguments, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(arguments);
        return _sender.SendControlAsync((callId, name, arguments), static (output, c) => ClientEventWriter.WriteFunctionCall(output, c.callId, c.name, c.arguments), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.create</c> with a <c>function_call_output</c>. Follow it with <see cref="CreateResponseAsync"/> once all outputs of the response are sent.</summary>
    /// <param name="callId">The <c>call_id</c> of the function call.</param>
    /// <param name="output">The result, usually JSON.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(output);
        return _sender.SendControlAsync((callId, output), static (o, s) => ClientEventWriter.WriteFunctionCallOutput(o, s.callId, s.output), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.truncate</c>: tells the service how much of an assistant audio item the caller heard (barge-in).</summary>
    /// <param name="itemId">The assistant item being played.</param>
    /// <param name="contentIndex">The audio content part (0 in practice).</param>
    /// <param name="audioEndMs">Milliseconds actually played (PCM16 24 kHz: bytes played / 48; G.711: bytes played / 8).</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(contentIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(audioEndMs);
        return _sender.SendControlAsync((itemId, contentIndex, audioEndMs), static (o, s) => ClientEventWriter.WriteTruncate(o, s.itemId, s.contentIndex, s.audioEndMs), cancellationToken);
    }

    /// <summary>Sends <c>conversation.item.delete</c>.</summary>
    /// <param name="itemId">The item to delete.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        return _sender.SendControlAsync(itemId, static (o, id) => ClientEventWriter.WriteDelete(o, id), cancellationToken);
    }

    /// <summary>Sends <c>response.create</c>. Only one response may be active at a time (else the service answers <c>conversation_already_has_active_response</c>).</summary>
    /// <param name="options">Per-response overrides such as instructions, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default) =>
        _sender.SendControlAsync(options, static (o, opts) => ClientEventWriter.WriteResponseCreate(o, opts), cancellationToken);

    /// <summary>Sends <c>response.cancel</c>; a resulting <c>response_cancel_not_active</c> error is harmless.</summary>
    /// <param name="responseId">The response to cancel, or <see langword="null"/> for the active one.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default) =>
        _sender.SendControlAsync(responseId, static (o, id) => ClientEventWriter.WriteResponseCancel(o, id), cancellationToken);
}
