using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The caller's typed input (<see cref="CallerInputKind.Text"/>: keypad digits, browser text): adds each one to the model's
/// conversation as a user message, asks for the answer through the <see cref="ResponseCoordinator"/> (after the reply in
/// progress, never cutting it off) and tells the agent. Input typed before the model is ready (or while it reconnects) is
/// held, in order, and sent once it is.
/// </summary>
internal sealed class CallerTextInput : IDisposable
{
    // Typed turns held until the model is ready; more is a caller typing into a call that has not started.
    private const int MaxHeldBeforeReady = 16;

    private readonly CallSession _call;
    private readonly ResponseCoordinator _responses;
    private readonly AgentHooks _hooks;
    // Serialises sending with becoming ready, so held input goes out before anything typed later.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _held = new();
    // Set while the model is ready; null before and while the relay reconnects (typed input is then held).
    private volatile VoiceModelSession? _session;

    public CallerTextInput(CallSession call, ResponseCoordinator responses, AgentHooks hooks)
    {
        _call = call;
        _responses = responses;
        _hooks = hooks;
    }

    /// <summary>The caller typed <paramref name="text"/> (receive loop).</summary>
    public async ValueTask OnTextAsync(string text, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_session is not null)
            {
                await SendAsync(text, ct).ConfigureAwait(false);
            }
            else if (_held.Count < MaxHeldBeforeReady)
            {
                _held.Add(text);
            }
            else
            {
                Reject($"More than {MaxHeldBeforeReady} typed inputs arrived before the call was ready; this one was not accepted. Send it again once the call is ready.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The model is configured (model loop): sends what was typed meanwhile, then everything as it comes.</summary>
    public async ValueTask OnReadyAsync(VoiceModelSession session, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _session = session;
            if (_held.Count == 0)
            {
                return;
            }

            // One response answers everything typed meanwhile.
            var added = false;
            foreach (var text in _held)
            {
                added |= await AddAsync(text, ct).ConfigureAwait(false);
            }

            _held.Clear();
            if (added)
            {
                await _responses.RequestAsync(session, options: null, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The model connection dropped (model loop): typed input is held until the new session is ready.</summary>
    public void OnModelLost() => _session = null;

    public void Dispose() => _gate.Dispose();

    private async ValueTask SendAsync(string text, CancellationToken ct)
    {
        if (await AddAsync(text, ct).ConfigureAwait(false))
        {
            var live = _call.LiveModel;
            try
            {
                await _responses.RequestAsync(live, options: null, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (CallSession.IsModelConnectionFailure(ex) && !ct.IsCancellationRequested)
            {
                // The request stays due: a reconnect asks for it on the new session.
                _call.OnModelSendFailed(ex, live);
            }
        }
    }

    // Adds the text to the conversation and tells the agent; false when the model takes no typed input.
    private async ValueTask<bool> AddAsync(string text, CancellationToken ct)
    {
        try
        {
            // Into the conversation log too, so a reconnect replays it.
            await _call.AddItemAsync(ConversationItem.User(text), ct).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            Reject("The AI model of this call does not accept typed input.");
            return false;
        }

        RelayLog.CallerTyped(_call.Logger, text);
        _hooks.CallerText(text, ct);
        return true;
    }

    private void Reject(string reason)
    {
        RelayLog.CallerBadMessage(_call.Logger, reason);
        _call.Channel.Send(CallerEvent.ForError("bad_message", reason));
    }
}
