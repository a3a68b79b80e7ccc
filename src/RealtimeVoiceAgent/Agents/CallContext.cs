using System;
using System.Collections.Generic;
using System.Threading;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent;

/// <summary>What an agent knows about its call: its id, how the caller is connected, what the caller sent when connecting
/// (and the caller's number when known), a way to send the caller events of the agent's own, a way to tell the model
/// something, and a way to end the call.</summary>
/// <remarks>The relay creates one per call and passes it to the agent's factory (a <see cref="VoiceAgent"/> constructor
/// parameter when it is registered with <c>AddAgent&lt;TAgent&gt;()</c>). Tests create their own.</remarks>
public sealed class CallContext
{
    private static readonly IReadOnlyDictionary<string, string> s_noMetadata = new Dictionary<string, string>();
    private readonly Action<CallerEvent>? _sendEvent;
    private string? _callerPhoneNumber;
    private bool _endRequested;

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

    /// <summary>
    /// The caller's phone number in E.164 (for example <c>+14155550123</c>) when the transport knows it
    /// (<see cref="CallerTransport.CallerPhoneNumber"/>, caller ID on a phone line); <see langword="null"/> otherwise.
    /// </summary>
    /// <remarks>Personal data: log it only at Trace level.</remarks>
    /// <exception cref="ArgumentException">The value set is not an E.164 number (<c>+</c> and 2 to 15 digits, the first not 0).</exception>
    public string? CallerPhoneNumber
    {
        get => _callerPhoneNumber;
        init
        {
            if (value is not null && !IsE164(value))
            {
                throw new ArgumentException("CallerPhoneNumber must be an E.164 number such as +14155550123 ('+', then 2 to 15 digits, the first not 0), or null when unknown.", nameof(value));
            }

            _callerPhoneNumber = value;
        }
    }

    /// <summary>Whether <see cref="EndCall"/> was called.</summary>
    public bool IsEndRequested => Volatile.Read(ref _endRequested);

    // The relay's side of EndCall (set by the relay; a test's context has none).
    internal Action? EndCallHandler { get; set; }

    // The relay's side of AddSystemMessage: the text, and whether to ask for a response (a test may set its own).
    internal Action<string, bool>? SystemMessageHandler { get; set; }

    /// <summary>Sends the caller an event of the agent's own (for example <c>contact_saved</c>).</summary>
    /// <param name="callerEvent">The event; built with <see cref="CallerEvent.Create"/>.</param>
    /// <remarks>Never waits for the caller: the event is queued behind the audio already on its way, in order.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="callerEvent"/> is <see langword="null"/>.</exception>
    public void SendEvent(CallerEvent callerEvent)
    {
        ArgumentNullException.ThrowIfNull(callerEvent);
        _sendEvent?.Invoke(callerEvent);
    }

    /// <summary>
    /// Tells the model something in the conversation, as a system message: what the caller did outside the conversation
    /// (typed a detail into a form, say), so the model stays consistent with it. It never interrupts the assistant: the
    /// message is added to the conversation as it is, and a response, when asked for, comes after the one in progress.
    /// </summary>
    /// <param name="text">The message for the model.</param>
    /// <param name="respond">Whether the model should answer it (after the response in progress, if any); otherwise it reads
    /// the message on its next turn.</param>
    /// <remarks>
    /// Safe to call from a tool or a hook, from any thread; messages keep their order. A message added before the model is
    /// ready is sent once it is; one added from the agent's constructor is not sent. A model that takes no system messages
    /// (<see cref="VoiceModelSession.AddSystemMessageAsync"/>) drops it, with a warning in the log. The text may hold personal
    /// data: the relay logs it only at Trace level.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="text"/> is <see langword="null"/>, empty or only white space.</exception>
    public void AddSystemMessage(string text, bool respond = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        SystemMessageHandler?.Invoke(text, respond);
    }

    /// <summary>
    /// Asks to end the call once the assistant's current response has finished (its audio handed to the caller), for an agent
    /// whose work is done, e.g. after saying goodbye. The relay then asks the model for nothing more and closes the caller's
    /// connection with <see cref="CallEndReason.Completed"/>; with no response in progress it does so at once.
    /// </summary>
    /// <remarks>Safe to call from a tool or a hook, from any thread, and more than once.</remarks>
    public void EndCall()
    {
        Volatile.Write(ref _endRequested, true);
        EndCallHandler?.Invoke();
    }

    // E.164: '+', then up to 15 digits, the first (country code) not 0.
    internal static bool IsE164(string value)
    {
        if (value.Length is < 3 or > 16 || value[0] != '+' || value[1] is < '1' or > '9')
        {
            return false;
        }

        foreach (var c in value.AsSpan(2))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
