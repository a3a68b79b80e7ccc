using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent;

/// <summary>
/// One call's connection to the model, as the relay uses it: configure, stream caller audio in, read events out, answer
/// tool calls, and cut a reply short when the caller interrupts. <see cref="RealtimeSession"/> is the built-in
/// implementation.
/// </summary>
/// <remarks>
/// <para>Events are the Realtime protocol's typed events (<see cref="RealtimeServerEvent"/> subclasses). A provider with another wire protocol maps its
/// events onto them: output audio, transcripts, speech started/stopped, function calls, response done, errors.</para>
/// <para>Concurrency: the relay sends from two loops at once (caller audio, and tool outputs/interruptions), so sends
/// must be safe to call concurrently. <see cref="ReceiveEventsAsync"/> has one consumer.</para>
/// <para>A provider that cannot cancel or truncate a reply on the server completes <see cref="CancelResponseAsync"/>,
/// <see cref="TruncateItemAsync"/> and <see cref="DeleteItemAsync"/> without sending anything: the caller still stops
/// playback locally.</para>
/// <para>When the connection drops, <see cref="ReceiveEventsAsync"/> and later sends throw
/// <see cref="RealtimeConnectionException"/>. The relay then opens a new session with <see cref="VoiceModelClient.StartSessionAsync"/>
/// (within <see cref="Calls.CallRelayOptions.ModelReconnectTimeout"/>), configures it the same way and replays the conversation
/// (<see cref="AddUserTextAsync"/>, <see cref="AddAssistantTextAsync"/>, <see cref="AddFunctionCallAsync"/>,
/// <see cref="SendFunctionCallOutputAsync"/>, <see cref="AddSystemMessageAsync"/>); when that fails it ends the call with
/// <see cref="CallEndReason.ModelDisconnected"/>.</para>
/// </remarks>
public abstract class VoiceModelSession : IAsyncDisposable
{
    /// <summary>Creates the session.</summary>
    protected VoiceModelSession()
    {
    }

    /// <summary>
    /// Whether the model can cut a reply short on the server (<see cref="CancelResponseAsync"/>, <see cref="TruncateItemAsync"/>,
    /// <see cref="DeleteItemAsync"/> change what the model remembers). Default <see langword="true"/>. When it is
    /// <see langword="false"/> (GPT-Live), a barge-in only stops the caller's local playback and the relay sends nothing.
    /// </summary>
    public virtual bool SupportsTruncation => true;

    /// <summary>
    /// Whether the model listens while it talks and decides its own turns (GPT-Live). Default <see langword="false"/>. When it
    /// is <see langword="true"/>, a response request that carries instructions (the greeting) is a hint the model speaks on its
    /// own time rather than a response to wait for, and a finished response does not mean its speech is over: the relay ends a
    /// call the agent ends only once the assistant is quiet.
    /// </summary>
    public virtual bool IsFullDuplex => false;

    /// <summary>Sends the session configuration (instructions, voice, turn detection, transcription, tools, audio formats).</summary>
    /// <remarks>The relay sets <see cref="RealtimeSessionConfiguration.InputAudioFormat"/> and <see cref="RealtimeSessionConfiguration.OutputAudioFormat"/>
    /// to <c>audio/pcm</c> (24 kHz), or to <c>audio/pcmu</c> / <c>audio/pcma</c> for a G.711 caller passed through: a provider
    /// that takes only PCM needs <see cref="Calls.CallRelayOptions.G711Passthrough"/> off.</remarks>
    /// <param name="configuration">The configuration.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the configuration is queued; the model confirms it with <c>session.updated</c>.</returns>
    public abstract ValueTask ConfigureAsync(RealtimeSessionConfiguration configuration, CancellationToken cancellationToken = default);

    /// <summary>Reads the model's events until the session ends.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The events; an audio delta and its audio may be reused after the next event is requested.</returns>
    public abstract IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends caller audio to the model's input, in the session's input format
    /// (<see cref="RealtimeSessionConfiguration.InputAudioFormat"/>): PCM16 LE mono at 24 kHz, or the caller's G.711 bytes
    /// untouched on a phone call with <see cref="Calls.CallRelayOptions.G711Passthrough"/>.
    /// </summary>
    /// <param name="audio">The audio; whole samples.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the audio is queued (usually synchronously).</returns>
    public abstract ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default);

    /// <summary>Adds a user text message to the conversation (the caller's typed input, <see cref="Calls.CallerInputKind.Text"/>); the relay asks for the response itself.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="NotSupportedException">The provider takes no text input (the default); the relay then tells the caller its typed input was not accepted.</exception>
    /// <remarks>Virtual rather than abstract, so a provider written before typed input existed still builds.</remarks>
    public virtual ValueTask AddUserTextAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not accept typed input: override VoiceModelSession.AddUserTextAsync.");

    /// <summary>Adds a system message to the conversation (<see cref="CallContext.AddSystemMessage"/>) without asking for a response.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="NotSupportedException">The provider takes no system messages (the default); the relay then drops the message with a warning.</exception>
    /// <remarks>Virtual rather than abstract, so a provider written before system messages existed still builds.</remarks>
    public virtual ValueTask AddSystemMessageAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not accept system messages: override VoiceModelSession.AddSystemMessageAsync.");

    /// <summary>Adds an assistant text message to the conversation: what the assistant said earlier in the call, replayed into a new session after a reconnect.</summary>
    /// <param name="text">The assistant's words.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="NotSupportedException">The provider takes no such items (the default); the relay then leaves the line out of the replay.</exception>
    /// <remarks>Virtual rather than abstract, so a provider written before reconnecting existed still builds.</remarks>
    public virtual ValueTask AddAssistantTextAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not accept assistant messages: override VoiceModelSession.AddAssistantTextAsync.");

    /// <summary>Adds a function call the model made earlier in the call to the conversation (replayed into a new session after a reconnect, before its output).</summary>
    /// <param name="callId">The function call's id.</param>
    /// <param name="name">The function name.</param>
    /// <param name="arguments">The arguments, as JSON text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the item is queued.</returns>
    /// <exception cref="NotSupportedException">The provider takes no such items (the default); the relay then leaves the call and its output out of the replay.</exception>
    /// <remarks>Virtual rather than abstract, so a provider written before reconnecting existed still builds.</remarks>
    public virtual ValueTask AddFunctionCallAsync(string callId, string name, string arguments, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not accept function call items: override VoiceModelSession.AddFunctionCallAsync.");

    /// <summary>Asks the model for a response (the greeting, or the follow-up after tool outputs).</summary>
    /// <param name="options">Per-response settings such as instructions; <see langword="null"/> for the session's.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the request is queued.</returns>
    public abstract ValueTask CreateResponseAsync(RealtimeResponseOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels the response in progress.</summary>
    /// <param name="responseId">The response to cancel; <see langword="null"/> for the current one.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the request is queued.</returns>
    public abstract ValueTask CancelResponseAsync(string? responseId = null, CancellationToken cancellationToken = default);

    /// <summary>Cuts an assistant audio item at what the caller heard, so the model's memory matches it.</summary>
    /// <param name="itemId">The assistant item.</param>
    /// <param name="contentIndex">The audio content part.</param>
    /// <param name="audioEndMs">What was played, in milliseconds (more than 0).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the request is queued.</returns>
    public abstract ValueTask TruncateItemAsync(string itemId, int contentIndex, int audioEndMs, CancellationToken cancellationToken = default);

    /// <summary>Removes an item from the conversation (an interrupted reply of which nothing was heard).</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the request is queued.</returns>
    public abstract ValueTask DeleteItemAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>Returns a tool's output to the model.</summary>
    /// <param name="callId">The function call's id.</param>
    /// <param name="output">The output, usually JSON.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the output is queued.</returns>
    public abstract ValueTask SendFunctionCallOutputAsync(string callId, string output, CancellationToken cancellationToken = default);

    /// <summary>Closes the session. Idempotent.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public abstract ValueTask DisposeAsync();
}
