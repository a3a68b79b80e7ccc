using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Audio;
using RealtimeVoiceAgent.Events;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>
/// An open GPT-Live session (<c>/v1/live/sessions</c>), seen through the model seam: the relay drives it exactly as a
/// <see cref="RealtimeSession"/>, and its events are mapped onto the Realtime events the relay already understands.
/// </summary>
/// <remarks>
/// <para>GPT-Live is full duplex and decides its own turns (<see cref="IsFullDuplex"/>); nothing can be cut short on the
/// server (<see cref="SupportsTruncation"/> is <see langword="false"/>: <see cref="CancelResponseAsync"/>,
/// <see cref="TruncateItemAsync"/> and <see cref="DeleteItemAsync"/> send nothing).</para>
/// <para>Mapping of what the relay sends: <see cref="ConfigureAsync"/> is <c>session.start</c> the first time (the agent's
/// instructions, voice and audio format; its tools become function tools of a Responses delegation backend), then
/// <c>session.update</c>. <see cref="CreateResponseAsync"/> with instructions (the greeting) is
/// <c>session.instructions.append</c>; without, <c>response.create</c> (continues the backend after tool outputs).
/// <see cref="SendFunctionCallOutputAsync"/> is <c>response.item.create</c>. Typed input and system messages go to the
/// backend as <c>response.item.create</c> messages; a system message also reaches the voice model as quiet context
/// (<c>session.thinking.append</c>).</para>
/// <para>Mapping of what the relay reads: <c>session.started</c> -> <see cref="RealtimeServerEventSessionUpdated"/>; output
/// audio and transcripts grouped into turns (an assistant turn closes after 700 ms of silent output audio, or of a gap between stamped audio ranges) ->
/// audio deltas, transcript deltas and <see cref="RealtimeServerEventResponseOutputAudioTranscriptDone"/>; caller transcript
/// fragments -> speech started/stopped and input transcription events; the backend's nested <c>response.created</c>,
/// function calls and <c>response.completed</c> -> <see cref="RealtimeServerEventResponseCreated"/>,
/// <see cref="RealtimeServerEventResponseOutputItemDone"/> and <see cref="RealtimeServerEventResponseDone"/>; <c>error</c> ->
/// <see cref="RealtimeServerEventError"/>. Other events (usage, acknowledgements, delegation notices, <c>session.closed</c>,
/// types this SDK does not know, malformed JSON) arrive raw as <see cref="RealtimeServerEventUnknown"/>.</para>
/// <para>Keep sending input audio, silence included, for the whole session: the session's clock follows the input audio.
/// Concurrency and the connection-failure contract are those of <see cref="RealtimeSession"/>.</para>
/// </remarks>
public sealed class GptLiveSession : VoiceModelSession
{
    private readonly WebSocket _socket;
    private readonly string _model;
    private readonly string _delegationModel;
    private readonly TimeSpan _closeTimeout;
    private readonly ILogger _logger;
    private readonly VoiceAgentTelemetry? _telemetry;
    private readonly long _openedAt;
    private readonly RealtimeEventSender _sender;
    private readonly RealtimeEventReceiver _receiver;
    private readonly Lock _disposeLock = new();
    private Task? _disposeTask;
    private int _started;
    private RealtimeAudioFormat _outputFormat = RealtimeAudioFormat.Pcm16;

    internal GptLiveSession(WebSocket socket, string model, string delegationModel, TimeSpan closeTimeout, ILogger logger, VoiceAgentTelemetry? telemetry = null)
    {
        _socket = socket;
        _model = model;
        _delegationModel = delegationModel;
        _closeTimeout = closeTimeout;
        _logger = logger;
        _telemetry = telemetry;
        _openedAt = Stopwatch.GetTimestamp();
        telemetry?.SessionOpened();
        _sender = new RealtimeEventSender(socket, logger);
        _receiver = new RealtimeEventReceiver(socket, closeTimeout, logger, _sender, () => new LiveEventTranslator(() => _outputFormat), "GPT-Live service");
    }

    /// <summary>Always <see langword="false"/>: GPT-Live has no cancel or truncate; a barge-in stops the caller's local playback only.</summary>
    public override bool SupportsTruncation => false;

    /// <summary>Always <see langword="true"/>: the model listens while it talks and decides when to speak.</summary>
    public override bool IsFullDuplex => true;

    /// <summary>
    /// The first call sends <c>session.start</c> (must be the session's first message; the service answers
    /// <c>session.started</c>); later calls send <c>session.update</c>, which can change only the delegation backend
    /// (instructions and tools).
    /// </summary>
    /// <param name="configuration">The configuration. Turn detection, transcription, noise reduction, modalities and token
    /// limits do not exist in GPT-Live and are ignored; the input audio format is the format of both directions.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _outputFormat = configuration.InputAudioFormat;
            return _sender.SendControlAsync((this, configuration), static (o, s) => LiveEventWriter.WriteSessionStart(o, s.Item1._model, s.Item1._delegationModel, s.configuration), cancellationToken);
        }

        return _sender.SendControlAsync((_delegationModel, configuration), static (o, s) => LiveEventWriter.WriteSessionUpdate(o, s._delegationModel, s.configuration), cancellationToken);
    }

    /// <summary>Sends <c>session.input_audio.append</c>: raw audio in the session's format, base64-framed without allocating. Not acknowledged.</summary>
    /// <param name="audio">The audio bytes (whole samples); copied before the call returns.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is written or queued.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="RealtimeConnectionException">The connection has failed.</exception>
    public override ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            return default;
        }

        return _sender.SendAsync(audio, static (output, bytes) => AudioAppendFraming.WriteLiveAppendEvent(output, bytes.Span), cancellationToken);
    }

    /// <summary>Sends what the caller typed to the delegation backend (<c>response.item.create</c>, a user message); <see cref="CreateResponseAsync"/> then lets the backend answer.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask AddUserTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _sender.SendControlAsync(text, static (o, t) => LiveEventWriter.WriteBackendMessage(o, "user", t), cancellationToken);
    }

    /// <summary>Tells both models something: a developer message to the delegation backend, and quiet context (<c>session.thinking.append</c>) to the voice model.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels before the events are queued.</param>
    /// <returns>A task that completes once both events are queued.</returns>
    public override async ValueTask AddSystemMessageAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await _sender.SendControlAsync(text, static (o, t) => LiveEventWriter.WriteBackendMessage(o, "developer", t), cancellationToken).ConfigureAwait(false);
        await _sender.SendControlAsync(text, static (o, t) => LiveEventWriter.WriteAppend(o, "session.thinking.append", t), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// With <see cref="RealtimeResponseOptions.Instructions"/> (the greeting): <c>session.instructions.append</c>, which the
    /// voice model acts on in its own time. Without: <c>response.create</c>, which continues the delegation backend (after
    /// tool outputs, or typed input).
    /// </summary>
    /// <param name="options">Only <see cref="RealtimeResponseOptions.Instructions"/> is used.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            return _sender.SendControlAsync(instructions, static (o, t) => LiveEventWriter.WriteAppend(o, "session.instructions.append", t), cancellationToken);
        }

        return _sender.SendControlAsync(0, static (o, _) => LiveEventWriter.WriteResponseCreate(o), cancellationToken);
    }

    /// <summary>Sends nothing: GPT-Live cannot cancel a reply (the model stops on its own when interrupted).</summary>
    /// <param name="responseId">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>A completed task.</returns>
    public override ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default) => default;

    /// <summary>Sends nothing: GPT-Live cannot be told how much of a reply was heard.</summary>
    /// <param name="itemId">Ignored.</param>
    /// <param name="contentIndex">Ignored.</param>
    /// <param name="audioEndMs">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>A completed task.</returns>
    public override ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default) => default;

    /// <summary>Sends nothing: GPT-Live's context is append-only.</summary>
    /// <param name="itemId">Ignored.</param>
    /// <param name="cancellationToken">Ignored.</param>
    /// <returns>A completed task.</returns>
    public override ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) => default;

    /// <summary>Sends <c>response.item.create</c> with a <c>function_call_output</c> for the delegation backend (no acknowledgement; <c>error</c> on failure). Follow it with <see cref="CreateResponseAsync"/> once every call of the backend response has its output.</summary>
    /// <param name="callId">The <c>call_id</c> of the function call.</param>
    /// <param name="output">The result, usually JSON.</param>
    /// <param name="cancellationToken">Cancels before the event is queued.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    public override ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(output);
        return _sender.SendControlAsync((callId, output), static (o, s) => LiveEventWriter.WriteFunctionCallOutput(o, s.callId, s.output), cancellationToken);
    }

    /// <summary>Reads the session's events, mapped onto the Realtime events (see the class remarks), until the session closes. Single consumer.</summary>
    /// <param name="cancellationToken">Stops the enumeration; cancelling a pending read aborts the connection, so cancel only to end the session.</param>
    /// <returns>The events in arrival order. The audio delta instance and its audio are reused: valid only until the next event is requested.</returns>
    /// <exception cref="InvalidOperationException">Another enumeration is already running.</exception>
    /// <exception cref="RealtimeConnectionException">The socket dropped or the service closed with an error status.</exception>
    public override IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync(CancellationToken cancellationToken = default) =>
        _receiver.ReceiveEventsAsync(cancellationToken);

    /// <summary>Closes the session: sends <c>session.close</c> (so the service settles the final usage), flushes queued events, sends a close frame within the client's close timeout, then aborts if needed.</summary>
    /// <returns>A task that completes when the socket is closed. Idempotent.</returns>
    public override ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _disposeTask ??= DisposeCoreAsync();
            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout);
        try
        {
            if (Volatile.Read(ref _started) == 1)
            {
                try
                {
                    await _sender.SendControlAsync(0, static (o, _) => LiveEventWriter.WriteSessionClose(o), timeout.Token).ConfigureAwait(false);
                }
                catch (RealtimeConnectionException)
                {
                    // The connection is already gone: nothing to close politely.
                }
            }

            _sender.BeginClose();
            await _sender.CloseOutputAsync(timeout.Token).ConfigureAwait(false);
            await _receiver.DrainUntilClosedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RealtimeSessionLog.CloseTimedOut(_logger, _closeTimeout);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            RealtimeSessionLog.CloseFailed(_logger, ex.Message);
        }
        finally
        {
            _sender.BeginClose();
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }

            _socket.Dispose();
            _sender.Dispose();
            RealtimeSessionLog.Closed(_logger);
            _telemetry?.SessionClosed(Stopwatch.GetElapsedTime(_openedAt));
        }
    }
}
