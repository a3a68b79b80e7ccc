using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Calls;

/// <summary>
/// The caller seam: how one caller is connected to a call. It receives the caller's audio and control messages, sends
/// the assistant's audio and the call's events, and closes with a reason. The browser WebSocket
/// (<c>RealtimeVoiceAgent.AspNetCore</c>) is one implementation; a phone line is another. Run a call over it with
/// <see cref="CallRelay.RunAsync"/>.
/// </summary>
/// <remarks>
/// <para>The relay calls <see cref="ReceiveAsync"/> from one loop and the send methods from another, never two receives
/// or two sends at once (what a WebSocket allows). A send should hand the message to the connection and return; the relay
/// buffers what waits for a slow caller (up to <see cref="CallRelayOptions.MaxOutboundBufferBytes"/>) so the model is never
/// held up by the caller.</para>
/// <para>Audio is in <see cref="InputFormat"/> one way and <see cref="OutputFormat"/> the other; the relay converts to and
/// from the model's format.</para>
/// </remarks>
public abstract class CallerTransport
{
    /// <summary>Creates the transport.</summary>
    protected CallerTransport()
    {
    }

    /// <summary>What kind of connection this is, e.g. <c>websocket</c> or <c>twilio</c> (in <see cref="CallContext.TransportKind"/>, logs and traces).</summary>
    public abstract string Kind { get; }

    /// <summary>What is known about the caller before the call starts (query parameters, the caller's number); in <see cref="CallContext.CallerMetadata"/>.</summary>
    public virtual IReadOnlyDictionary<string, string> CallerMetadata { get; } = new Dictionary<string, string>();

    /// <summary>
    /// The caller's phone number in E.164 (for example <c>+14155550123</c>) when the connection knows it (caller ID on a phone
    /// line); <see langword="null"/> (the default) when it does not. The relay passes it to the agent as
    /// <see cref="CallContext.CallerPhoneNumber"/>; a value that is not E.164 is ignored (and logged).
    /// </summary>
    public virtual string? CallerPhoneNumber => null;

    /// <summary>The format of the audio <see cref="ReceiveAsync"/> returns.</summary>
    public abstract CallerAudioFormat InputFormat { get; }

    /// <summary>The format of the audio passed to <see cref="SendAudioAsync"/>.</summary>
    public abstract CallerAudioFormat OutputFormat { get; }

    /// <summary>Receives the caller's next message.</summary>
    /// <param name="cancellationToken">Cancels the receive (the call is ending).</param>
    /// <returns>The message; <see cref="CallerInput.Closed"/> when the caller hung up. Its audio is valid until the next receive.</returns>
    /// <remarks>An exception means the connection dropped: the call ends as if the caller hung up.</remarks>
    public abstract ValueTask<CallerInput> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one piece of the assistant's audio.</summary>
    /// <param name="audio">Whole samples in <see cref="OutputFormat"/>; valid only during the call.</param>
    /// <param name="itemId">The assistant item the audio belongs to (the caller reports playback and interruptions against it).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the audio is handed to the connection.</returns>
    public abstract ValueTask SendAudioAsync(ReadOnlyMemory<byte> audio, string itemId, CancellationToken cancellationToken);

    /// <summary>Sends one event. A transport may drop the events its caller has no use for.</summary>
    /// <param name="callerEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the event is handed to the connection.</returns>
    public abstract ValueTask SendEventAsync(CallerEvent callerEvent, CancellationToken cancellationToken);

    /// <summary>Closes the connection with a reason (the close handshake is bounded by the token).</summary>
    /// <param name="reason">Why the call ended.</param>
    /// <param name="cancellationToken">Bounds the close handshake.</param>
    /// <returns>A task that completes when the close is sent.</returns>
    public abstract Task CloseAsync(CallEndReason reason, CancellationToken cancellationToken);

    /// <summary>Drops the connection at once (when a close handshake cannot finish, or the caller stopped reading).</summary>
    public abstract void Abort();
}
