using System;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Decides when the relay may ask the model for a response, and when an end the agent asked for happens. Every response
/// the relay asks for goes through here (the greeting, the follow-up after tool outputs, the answer to typed input): while
/// one is requested or in progress, a new request waits for its <c>response.done</c>, so the assistant is never cut off and
/// the service never answers <c>conversation_already_has_active_response</c> to a request it could have taken later.
/// </summary>
/// <remarks>
/// <para>Requests that wait are coalesced into one: a response answers everything already in the conversation. A request
/// that is sent covers the waiting one (the tool follow-up answers typed input added meanwhile too).</para>
/// <para>An end the agent asks for (<see cref="CallContext.EndCall"/>) waits for the response in progress, so its audio
/// reaches the caller channel first; from then on no response is asked for. Thread-safe: the model loop, the caller
/// receive loop, tools and agent hooks all call in.</para>
/// </remarks>
internal sealed class ResponseCoordinator
{
    /// <summary>The service's error code for a <c>response.create</c> sent while a response is in progress.</summary>
    public const string ActiveResponseErrorCode = "conversation_already_has_active_response";

    private readonly Lock _lock = new();
    private readonly Action _endCall;
    // A response is requested (response.create sent) or in progress (response.created seen), until its response.done.
    private bool _busy;
    private bool _waiting;
    private RealtimeResponseOptions? _waitingOptions;
    // The options of the response the relay asked for and that is not done yet, to ask again when a reconnect lost it.
    private RealtimeResponseOptions? _activeOptions;
    private bool _endRequested;

    // endCall: ends the call as Completed.
    public ResponseCoordinator(Action endCall)
    {
        _endCall = endCall;
    }

    /// <summary>Whether the agent asked to end the call.</summary>
    public bool IsEndRequested
    {
        get
        {
            lock (_lock)
            {
                return _endRequested;
            }
        }
    }

    /// <summary>
    /// Asks for a response now when the conversation is free, else once the current response is done. Without a
    /// <paramref name="session"/> (the model is reconnecting) the request waits for the new session.
    /// </summary>
    public ValueTask RequestAsync(VoiceModelSession? session, RealtimeResponseOptions? options, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_endRequested)
            {
                // The call ends after the current response: there is nothing more to say.
                return default;
            }

            if (session is { IsFullDuplex: true } && options?.Instructions is not null)
            {
                // A full-duplex model (GPT-Live) takes instructions as a hint and speaks when it decides: no response to wait for.
                return session.CreateResponseAsync(options, ct);
            }

            if (_busy || session is null)
            {
                if (!_waiting)
                {
                    _waiting = true;
                    _waitingOptions = options;
                }

                return default;
            }

            _busy = true;
            _waiting = false;
            _waitingOptions = null;
            _activeOptions = options;
        }

        return session.CreateResponseAsync(options, ct);
    }

    /// <summary>
    /// The model session dropped and a new one replaced it (model loop, before the caller is told <c>ready</c>): the
    /// response in progress is lost and nothing waits for its <c>response.done</c> any more. Returns whether a response
    /// was requested or in progress (<paramref name="wasBusy"/>), whether a request was waiting (<paramref name="wasWaiting"/>),
    /// and the options to ask again with.
    /// </summary>
    public RealtimeResponseOptions? OnReconnected(out bool wasBusy, out bool wasWaiting)
    {
        lock (_lock)
        {
            wasBusy = _busy;
            wasWaiting = _waiting;
            var options = _waiting ? _waitingOptions : _activeOptions;
            _busy = false;
            _waiting = false;
            _waitingOptions = null;
            _activeOptions = null;
            return options;
        }
    }

    /// <summary>A response started (one the relay asked for, or one the service's turn detection started itself).</summary>
    public void OnResponseCreated()
    {
        lock (_lock)
        {
            _busy = true;
        }
    }

    /// <summary>A response ended: the conversation is free. Ends the call when the agent asked for that (then returns false).</summary>
    public bool OnResponseDone()
    {
        bool end;
        lock (_lock)
        {
            _busy = false;
            _activeOptions = null;
            end = _endRequested;
        }

        if (end)
        {
            _endCall();
        }

        return !end;
    }

    /// <summary>Sends the request that waited for the response that just ended, when the conversation is still free.</summary>
    /// <remarks>The model loop calls it after <see cref="OnResponseDone"/> unless a tool follow-up is still due: that one will cover it.</remarks>
    public ValueTask SendWaitingAsync(VoiceModelSession session, CancellationToken ct)
    {
        RealtimeResponseOptions? options;
        lock (_lock)
        {
            if (!_waiting || _busy || _endRequested)
            {
                return default;
            }

            _busy = true;
            _waiting = false;
            options = _waitingOptions;
            _waitingOptions = null;
            _activeOptions = options;
        }

        return session.CreateResponseAsync(options, ct);
    }

    /// <summary>
    /// Whether a model error is the rejection of a request that met a response the service started itself (turn detection
    /// creates one when the caller stops speaking): the request then waits for that response's <c>response.done</c>.
    /// </summary>
    public bool TakeRejection(string? errorCode)
    {
        if (!string.Equals(errorCode, ActiveResponseErrorCode, StringComparison.Ordinal))
        {
            return false;
        }

        lock (_lock)
        {
            _busy = true;
            _waiting = !_endRequested;
        }

        return true;
    }

    /// <summary>The agent asks to end the call: at once when no response is requested or in progress, else when it is done.</summary>
    public void RequestEnd()
    {
        bool endNow;
        lock (_lock)
        {
            _endRequested = true;
            _waiting = false;
            _waitingOptions = null;
            endNow = !_busy;
        }

        if (endNow)
        {
            _endCall();
        }
    }
}
