using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Calls the agent's hooks for one call. Transcript lines, typed caller input and app messages are queued and delivered one after another
/// off the relay's loops, so a slow hook never holds up audio; a hook that throws is logged and the call goes on (a hook is
/// the agent's own business, not the call's).
/// </summary>
internal sealed class AgentHooks
{
    private readonly VoiceAgent _agent;
    private readonly ILogger _logger;
    // Transcripts come from the model loop, typed input from the caller's receive loop: one queue keeps them in order.
    private readonly Lock _lock = new();
    private Task _lastLine = Task.CompletedTask;

    public AgentHooks(VoiceAgent agent, ILogger logger)
    {
        _agent = agent;
        _logger = logger;
    }

    /// <summary>Completes when every queued transcript line and typed input has been delivered.</summary>
    public Task WhenLinesDelivered
    {
        get
        {
            lock (_lock)
            {
                return _lastLine;
            }
        }
    }

    public Task CallStartedAsync(CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnCallStartedAsync), static (agent, _, ct) => agent.OnCallStartedAsync(ct), (object?)null, ct);

    public Task CallEndedAsync(CallSummary summary, CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnCallEndedAsync), static (agent, summary, ct) => agent.OnCallEndedAsync(summary, ct), summary, ct);

    public Task ToolCompletedAsync(ToolInvocationResult result, CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnToolCompletedAsync), static (agent, result, ct) => agent.OnToolCompletedAsync(result, ct), result, ct);

    /// <summary>Queues a transcript line for <see cref="VoiceAgent.OnTranscriptAsync"/>.</summary>
    public void Transcript(CallTranscript transcript, CancellationToken ct) =>
        Queue(nameof(VoiceAgent.OnTranscriptAsync), static (agent, line, ct) => agent.OnTranscriptAsync(line, ct), transcript, ct);

    /// <summary>Queues typed caller input for <see cref="VoiceAgent.OnCallerTextAsync"/>.</summary>
    public void CallerText(string text, CancellationToken ct) =>
        Queue(nameof(VoiceAgent.OnCallerTextAsync), static (agent, text, ct) => agent.OnCallerTextAsync(text, ct), text, ct);

    /// <summary>
    /// Queues a message of the caller's app for <see cref="VoiceAgent.OnAppMessageAsync"/>, in order with the lines;
    /// <paramref name="unhandled"/> runs when the agent does not handle it.
    /// </summary>
    public void AppMessage(string type, JsonElement message, Action<string> unhandled, CancellationToken ct) =>
        Queue(
            nameof(VoiceAgent.OnAppMessageAsync),
            static async (agent, state, ct) =>
            {
                if (!await agent.OnAppMessageAsync(state.type, state.message, ct).ConfigureAwait(false))
                {
                    state.unhandled(state.type);
                }
            },
            (type, message, unhandled),
            ct);

    private void Queue<TState>(string hook, Func<VoiceAgent, TState, CancellationToken, ValueTask> invoke, TState state, CancellationToken ct)
    {
        lock (_lock)
        {
            _lastLine = DeliverAfterAsync(_lastLine, hook, invoke, state, ct);
        }
    }

    private async Task DeliverAfterAsync<TState>(Task previous, string hook, Func<VoiceAgent, TState, CancellationToken, ValueTask> invoke, TState state, CancellationToken ct)
    {
        // Off the caller's loops from here on; after the previous line (which never throws).
        await Task.Yield();
        await previous.ConfigureAwait(false);
        await RunAsync(hook, invoke, state, ct).ConfigureAwait(false);
    }

    private async Task RunAsync<TState>(string hook, Func<VoiceAgent, TState, CancellationToken, ValueTask> invoke, TState state, CancellationToken ct)
    {
        try
        {
            await invoke(_agent, state, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The call is ending.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RelayLog.AgentHookFailed(_logger, hook, ex);
        }
    }
}
