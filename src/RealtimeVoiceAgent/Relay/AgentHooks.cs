using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// Calls the agent's hooks for one call. Transcript lines are queued and delivered one after another off the model loop,
/// so a slow hook never holds up audio; a hook that throws is logged and the call goes on (a hook is the agent's own
/// business, not the call's).
/// </summary>
internal sealed class AgentHooks
{
    private readonly VoiceAgent _agent;
    private readonly ILogger _logger;
    // Only the model loop queues transcripts, so _lastTranscript is read and replaced by one thread.
    private Task _lastTranscript = Task.CompletedTask;

    public AgentHooks(VoiceAgent agent, ILogger logger)
    {
        _agent = agent;
        _logger = logger;
    }

    /// <summary>Completes when every queued transcript line has been delivered.</summary>
    public Task WhenTranscriptsDelivered => _lastTranscript;

    public Task CallStartedAsync(CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnCallStartedAsync), static (agent, _, ct) => agent.OnCallStartedAsync(ct), (object?)null, ct);

    public Task CallEndedAsync(CallSummary summary, CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnCallEndedAsync), static (agent, summary, ct) => agent.OnCallEndedAsync(summary, ct), summary, ct);

    public Task ToolCompletedAsync(ToolInvocationResult result, CancellationToken ct) =>
        RunAsync(nameof(VoiceAgent.OnToolCompletedAsync), static (agent, result, ct) => agent.OnToolCompletedAsync(result, ct), result, ct);

    /// <summary>Queues a transcript line for <see cref="VoiceAgent.OnTranscriptAsync"/> (model loop only).</summary>
    public void Transcript(CallTranscript transcript, CancellationToken ct) => _lastTranscript = DeliverAfterAsync(_lastTranscript, transcript, ct);

    private async Task DeliverAfterAsync(Task previous, CallTranscript transcript, CancellationToken ct)
    {
        // Off the model loop from here on; after the previous line (which never throws).
        await Task.Yield();
        await previous.ConfigureAwait(false);
        await RunAsync(nameof(VoiceAgent.OnTranscriptAsync), static (agent, line, ct) => agent.OnTranscriptAsync(line, ct), transcript, ct).ConfigureAwait(false);
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
