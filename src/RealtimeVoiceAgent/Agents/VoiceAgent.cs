using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent;

/// <summary>
/// The agent seam: what the assistant is in one call — its instructions, voice, turn detection, transcription, greeting
/// and tools — and what it does when the call's events happen. Derive from it and register it with
/// <c>services.AddRealtimeVoiceAgent().AddAgent&lt;TAgent&gt;()</c>; the relay creates one instance per call.
/// </summary>
/// <remarks>
/// <para>One instance per call, so per-call state (what this call saved) lives in the instance and its tools. A constructor
/// may take the call's <see cref="CallContext"/> and any registered service.</para>
/// <para>The hooks run one after another, in the order of the call's events, beside the relay's loops (a slow hook does not
/// hold up audio). A hook that throws is logged and the call goes on. Tools run one at a time, in the order the model called
/// them, on the thread pool without a synchronization context.</para>
/// </remarks>
public abstract class VoiceAgent
{
    /// <summary>Creates the agent.</summary>
    protected VoiceAgent()
    {
    }

    /// <summary>The instructions (system prompt) for the model.</summary>
    public abstract string Instructions { get; }

    /// <summary>The assistant's voice; <see langword="null"/> (the default) keeps the model's.</summary>
    public virtual RealtimeVoice? Voice => null;

    /// <summary>How the model detects the caller's turns. Default semantic VAD, which also cuts the reply short when the caller starts speaking.</summary>
    public virtual RealtimeTurnDetection? TurnDetection => RealtimeTurnDetection.SemanticVad;

    /// <summary>Transcription of the caller's speech (for captions and <see cref="OnTranscriptAsync"/>). Default <c>whisper-1</c>; <see langword="null"/> turns it off.</summary>
    public virtual RealtimeTranscriptionOptions? InputTranscription => new() { Model = "whisper-1" };

    /// <summary>Instructions for the first reply, which the assistant says before the caller speaks; <see langword="null"/> (the default) waits for the caller.</summary>
    public virtual string? Greeting => null;

    /// <summary>This call's tools, offered to the model with the application's shared tools (<c>AddTool</c>). Read once, when the call starts.</summary>
    public virtual IReadOnlyList<AIFunction> Tools => [];

    /// <summary>Has the last word on the session configuration built from the members above (output modalities, noise reduction, a tool choice).</summary>
    /// <remarks>The audio formats are the relay's: it sets them after this, to what it sends and expects for the call's transport.</remarks>
    /// <param name="configuration">The configuration about to be sent.</param>
    public virtual void ConfigureSession(RealtimeSessionConfiguration configuration)
    {
    }

    /// <summary>
    /// Creates a tool from a method, for <see cref="Tools"/>: its parameters become the tool's JSON Schema (a
    /// <see cref="CancellationToken"/> parameter gets the call's), and <see cref="OnToolCompletedAsync"/> sees the value
    /// it returns as the typed object (<see cref="ToolInvocationResult.Value"/>).
    /// </summary>
    /// <param name="handler">The method.</param>
    /// <param name="name">The tool's name; <see langword="null"/> derives it from the method.</param>
    /// <param name="description">What the tool does, for the model.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    protected static AIFunction CreateTool(System.Delegate handler, string? name = null, string? description = null) =>
        ToolRegistry.CreateFunction(handler, name, description);

    /// <summary>Called when the call starts, before the model is connected.</summary>
    /// <param name="cancellationToken">Cancelled when the call ends.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnCallStartedAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called for each finished transcript line, the caller's and the assistant's.</summary>
    /// <param name="transcript">The line.</param>
    /// <param name="cancellationToken">Cancelled when the call ends.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    /// <remarks>Transcripts are personal data: log them only at Trace level.</remarks>
    public virtual ValueTask OnTranscriptAsync(CallTranscript transcript, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Called for each input the caller typed rather than said (phone keypad digits, text typed in a browser), after the
    /// relay added it to the conversation. The relay asks the model to answer it whatever this hook does.
    /// </summary>
    /// <param name="text">What the caller typed.</param>
    /// <param name="cancellationToken">Cancelled when the call ends.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    /// <remarks>Delivered in order with the transcript lines. Typed input is personal data: log it only at Trace level.</remarks>
    public virtual ValueTask OnCallerTextAsync(string text, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Called for each message of the caller's app that the transport does not handle itself
    /// (<see cref="Calls.CallerInputKind.AppMessage"/>; in the browser protocol, a JSON message of a type the host does not
    /// know, such as the contact agent's <c>contact_field_edit</c>).
    /// </summary>
    /// <param name="type">The message's type.</param>
    /// <param name="message">The whole message.</param>
    /// <param name="cancellationToken">Cancelled when the call ends.</param>
    /// <returns><see langword="true"/> when the agent handled the message; <see langword="false"/> (the default) has the relay
    /// answer it with a <c>bad_message</c> error, as it does any message it does not know.</returns>
    /// <remarks>Delivered in order with the transcript lines and typed input. App messages may hold personal data: log them
    /// only at Trace level. To tell the model about it, use <see cref="CallContext.AddSystemMessage"/>.</remarks>
    public virtual ValueTask<bool> OnAppMessageAsync(string type, System.Text.Json.JsonElement message, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>Called after each tool call, once its output went back to the model.</summary>
    /// <param name="result">The tool's result (<see cref="ToolInvocationResult.Value"/> is the typed value the handler returned).</param>
    /// <param name="cancellationToken">Cancelled when the call ends.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnToolCompletedAsync(ToolInvocationResult result, CancellationToken cancellationToken) => default;

    /// <summary>Called once when the call has ended and both connections are closed.</summary>
    /// <param name="summary">Why it ended, when it ran, the transport and the model tokens it used (for a call record).</param>
    /// <param name="cancellationToken">Bounds the hook (the host may be shutting down).</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask OnCallEndedAsync(CallSummary summary, CancellationToken cancellationToken) => default;
}
