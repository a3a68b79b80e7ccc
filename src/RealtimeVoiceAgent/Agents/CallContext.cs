using System;
using System.Collections.Generic;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent;

/// <summary>What an agent knows about its call: its id, how the caller is connected, what the caller sent when connecting,
/// and a way to send the caller events of the agent's own.</summary>
/// <remarks>The relay creates one per call and passes it to the agent's factory (a <see cref="VoiceAgent"/> constructor
/// parameter when it is registered with <c>AddAgent&lt;TAgent&gt;()</c>). Tests create their own.</remarks>
public sealed class CallContext
{
    private static readonly IReadOnlyDictionary<string, string> s_noMetadata = new Dictionary<string, string>();
    private readonly Action<CallerEvent>? _sendEvent;

    /// <summary>Creates a call context.</summary>
    /// <param name="callId">The call's id (logs, traces, and the contact's source).</param>
    /// <param name="transportKind">How the caller is connected, e.g. <c>websocket</c>.</param>
    /// <param name="callerMetadata">What the caller sent when connecting; <see langword="null"/> for none.</param>
    /// <param name="sendEvent">Delivers <see cref="SendEvent"/>'s events (the relay's caller channel, or a test's list); <see langword="null"/> drops them.</param>
    /// <exception cref="ArgumentException"><paramref name="callId"/> or <paramref name="transportKind"/> is empty.</exception>
    public CallContext(string callId, string transportKind, IReadOnlyDictionary<string, string>? callerMetadata = null, Action<CallerEvent>? sendEvent = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        ArgumentException.ThrowIfNullOrWhiteSpace(transportKind);
        CallId = callId;
        TransportKind = transportKind;
        CallerMetadata = callerMetadata ?? s_noMetadata;
        _sendEvent = sendEvent;
    }

    /// <summary>The call's id.</summary>
    public string CallId { get; }

    /// <summary>How the caller is connected (<see cref="CallerTransport.Kind"/>), e.g. <c>websocket</c>.</summary>
    public string TransportKind { get; }

    /// <summary>What the caller sent when connecting (<see cref="CallerTransport.CallerMetadata"/>): query parameters, the caller's number.</summary>
    public IReadOnlyDictionary<string, string> CallerMetadata { get; }

    /// <summary>Sends the caller an event of the agent's own (for example <c>contact_saved</c>).</summary>
    /// <param name="callerEvent">The event; built with <see cref="CallerEvent.Create"/>.</param>
    /// <remarks>Never waits for the caller: the event is queued behind the audio already on its way, in order.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="callerEvent"/> is <see langword="null"/>.</exception>
    public void SendEvent(CallerEvent callerEvent)
    {
        ArgumentNullException.ThrowIfNull(callerEvent);
        _sendEvent?.Invoke(callerEvent);
    }
}
