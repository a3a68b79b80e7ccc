using System;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The agent's system messages (<see cref="CallContext.AddSystemMessage"/>): adds each one to the model's conversation, in
/// order, and asks for a response through the <see cref="ResponseCoordinator"/> when the agent wants one (after the reply
/// in progress, never cutting it off). Messages added before the model is ready (or while it reconnects) wait for it; each one
/// goes into the conversation log, so a reconnect replays it.
/// </summary>
internal sealed class AgentSystemMessages
{
    private readonly CallSession _call;
    private readonly ResponseCoordinator _responses;
    private readonly CancellationToken _ct;
    private readonly Lock _lock = new();
    private Task _last = Task.CompletedTask;

    // ct: the model side of the call; cancelled when the call ends.
    public AgentSystemMessages(CallSession call, ResponseCoordinator responses, CancellationToken ct)
    {
        _call = call;
        _responses = responses;
        _ct = ct;
    }

    /// <summary>Completes when every message added so far has been sent (or dropped because the call ended).</summary>
    public Task WhenSent
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Queues a message (any thread).</summary>
    public void Add(string text, bool respond)
    {
        lock (_lock)
        {
            _last = SendAfterAsync(_last, text, respond);
        }
    }

    private async Task SendAfterAsync(Task previous, string text, bool respond)
    {
        // Off the agent's thread from here on; after the previous message (which never throws).
        await Task.Yield();
        await previous.ConfigureAwait(false);
        VoiceModelSession? live = null;
        try
        {
            await _call.WhenModelReadyAsync().WaitAsync(_ct).ConfigureAwait(false);
            await _call.AddItemAsync(ConversationItem.System(text), _ct).ConfigureAwait(false);
            RelayLog.SystemMessageAdded(_call.Logger, respond);
            RelayLog.SystemMessageText(_call.Logger, text);
            if (respond)
            {
                live = _call.LiveModel;
                await _responses.RequestAsync(live, options: null, _ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_ct.IsCancellationRequested)
        {
            // The call ended first.
        }
        catch (NotSupportedException)
        {
            RelayLog.SystemMessageNotSupported(_call.Logger);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The model connection failed: the relay reconnects (the message is in the conversation log), or the call ends.
            _call.OnModelSendFailed(ex, live);
        }
    }
}
