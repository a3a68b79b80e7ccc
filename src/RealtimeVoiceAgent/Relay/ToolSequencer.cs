using System;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Runs the model's function calls beside the model loop, so a slow tool does not hold up the caller's events. Tools run
/// one after another in the order the model called them, as tools that build on each other expect (a save before an
/// update). Each output goes back as soon as its tool answers; the follow-up <c>response.create</c> is asked for once (through
/// the <see cref="ResponseCoordinator"/>), when every tool of the response has answered and its <c>response.done</c> has arrived.
/// </summary>
internal sealed class ToolSequencer
{
    private readonly ToolRegistry _tools;
    private readonly AgentHooks _hooks;
    private readonly ResponseCoordinator _responses;
    private readonly CallSession _call;
    private readonly Lock _lock = new();
    // Only the model loop starts tools, so _lastTool is read and replaced by one thread.
    private Task _lastTool = Task.CompletedTask;
    private int _running;
    private bool _followUpDue;
    private bool _responseDone;

    public ToolSequencer(ToolRegistry tools, AgentHooks hooks, ResponseCoordinator responses, CallSession call)
    {
        _tools = tools;
        _hooks = hooks;
        _responses = responses;
        _call = call;
    }

    /// <summary>Completes when every started tool has finished (the last one ends after all the others).</summary>
    public Task WhenIdle => _lastTool;

    /// <summary>Whether a response called tools whose follow-up has not been asked for yet.</summary>
    public bool IsFollowUpDue
    {
        get
        {
            lock (_lock)
            {
                return _followUpDue;
            }
        }
    }

    /// <summary>Starts a function call after the ones already started (model loop only).</summary>
    public void Start(string callId, string name, string arguments, CancellationToken ct)
    {
        lock (_lock)
        {
            _running++;
            _followUpDue = true;
        }

        _lastTool = RunAfterAsync(_lastTool, callId, name, arguments, ct);
    }

    /// <summary>
    /// The model session was replaced after a drop (model loop): the response that called tools will send no
    /// <c>response.done</c> any more, so it counts as done. Returns whether its follow-up is due now (every tool answered);
    /// while tools still run, <see cref="IsFollowUpDue"/> stays true and the last one asks for it.
    /// </summary>
    public bool OnReconnected()
    {
        lock (_lock)
        {
            _responseDone = _followUpDue;
            return TakeFollowUpLocked();
        }
    }

    /// <summary>A response ended: if it called tools and they have all answered, asks for the follow-up now.</summary>
    public async ValueTask OnResponseDoneAsync(VoiceModelSession session, CancellationToken ct)
    {
        bool followUp;
        lock (_lock)
        {
            _responseDone = _followUpDue;
            followUp = TakeFollowUpLocked();
        }

        if (followUp)
        {
            await _responses.RequestAsync(session, options: null, ct).ConfigureAwait(false);
        }
    }

    private async Task RunAfterAsync(Task previous, string callId, string name, string arguments, CancellationToken ct)
    {
        // Off the model loop from here on, even for a tool that completes synchronously; after the previous tool (which
        // handles its own failures, so awaiting it never throws).
        await Task.Yield();
        await previous.ConfigureAwait(false);
        VoiceModelSession? live = null;
        try
        {
            RelayLog.ToolCalled(_call.Logger, name, callId);
            RelayLog.ToolArguments(_call.Logger, name, arguments);
            // The registry turns every tool failure (unknown name, bad arguments, a throwing handler, a timeout) into an
            // error output the model can react to; it throws only when the call ends.
            // A tool the model called runs to its end even when the call ends meanwhile (the caller hangs up during a
            // save): what it stores must not be lost. Its own timeout bounds it; only handing its output back stops with
            // the call (the send below throws once ct is cancelled). It runs once whatever happens to the model
            // connection: its output goes into the conversation log and to the model session of the moment (while the
            // relay reconnects, into the replay), never back to the tool.
            var result = await _tools.InvokeAsync(callId, name, arguments, CancellationToken.None).ConfigureAwait(false);
            await _call.AddItemAsync(ConversationItem.FunctionOutput(callId, result.Output), ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (!result.IsDuplicate)
            {
                await _hooks.ToolCompletedAsync(result, ct).ConfigureAwait(false);
            }

            bool followUp;
            lock (_lock)
            {
                _running--;
                followUp = TakeFollowUpLocked();
            }

            if (followUp)
            {
                // Without a live session (reconnecting) the request waits for the new one.
                live = _call.LiveModel;
                await _responses.RequestAsync(live, options: null, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The call is ending.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The model connection failed: the relay reconnects (the output is in the conversation log), or, when it
            // does not, the call cannot go on without it.
            _call.OnModelSendFailed(ex, live);
        }
    }

    // A follow-up is due when the response asked for tools, all of them answered and the response is done; once.
    private bool TakeFollowUpLocked()
    {
        if (!_followUpDue || !_responseDone || _running > 0)
        {
            return false;
        }

        _followUpDue = false;
        _responseDone = false;
        return true;
    }
}
