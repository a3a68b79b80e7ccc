using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Tests.Relay;

/// <summary>Tools that wait for the test to release them, recording their order and whether the earlier ones had finished when each started.</summary>
internal sealed class GatedTools
{
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();

    public ConcurrentQueue<string> StartOrder { get; } = new();

    /// <summary>Per call id: whether every earlier tool had returned when this one started.</summary>
    public ConcurrentDictionary<string, bool> EarlierFinished { get; } = new();

    // callId: the call id the fake model's script gives this tool's call.
    public AIFunction Create(string name, string callId) => ToolRegistry.CreateFunction(
        async (CancellationToken cancellationToken) =>
        {
            EarlierFinished[callId] = StartOrder.All(_finished.Contains);
            StartOrder.Enqueue(callId);
            Gate(_started, callId).TrySetResult();
            await Gate(_gates, callId).Task.WaitAsync(cancellationToken);
            _finished.Enqueue(callId);
            return "done";
        },
        name);

    public Task WaitStartedAsync(string callId) => Gate(_started, callId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Release(string callId) => Gate(_gates, callId).TrySetResult();

    public bool IsReleased(string callId) => Gate(_gates, callId).Task.IsCompleted;

    private static TaskCompletionSource Gate(ConcurrentDictionary<string, TaskCompletionSource> gates, string callId) =>
        gates.GetOrAdd(callId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
