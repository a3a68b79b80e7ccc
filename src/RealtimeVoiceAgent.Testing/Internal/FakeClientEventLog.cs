using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

/// <summary>What a fake model received from its clients, in order, and the tests waiting for an event in it: shared by
/// <see cref="FakeRealtimeServer"/> and <see cref="FakeLiveServer"/>. Thread-safe.</summary>
internal sealed class FakeClientEventLog
{
    private readonly Lock _gate = new();
    private readonly List<FakeClientEvent> _events = new();
    private readonly List<(Func<FakeClientEvent, bool> Match, int Occurrence, TaskCompletionSource<FakeClientEvent> Completion)> _waiters = new();

    /// <summary>A copy of every event received so far.</summary>
    public IReadOnlyList<FakeClientEvent> Snapshot()
    {
        lock (_gate)
        {
            return _events.ToArray();
        }
    }

    /// <summary>The <paramref name="occurrence"/>-th event matching <paramref name="match"/>, at once if it arrived, else when it does.</summary>
    public Task<FakeClientEvent> WaitForAsync(Func<FakeClientEvent, bool> match, int occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(occurrence);
        var completion = new TaskCompletionSource<FakeClientEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            FakeClientEvent? found = _events.Where(match).Skip(occurrence - 1).FirstOrDefault();
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            _waiters.Add((match, occurrence, completion));
        }

        return completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Adds an event and completes the waits it satisfies (outside the lock).</summary>
    public void Record(FakeClientEvent clientEvent)
    {
        var completed = new List<(TaskCompletionSource<FakeClientEvent>, FakeClientEvent)>();
        lock (_gate)
        {
            _events.Add(clientEvent);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                (Func<FakeClientEvent, bool> match, int occurrence, TaskCompletionSource<FakeClientEvent> completion) = _waiters[i];
                FakeClientEvent? found = _events.Where(match).Skip(occurrence - 1).FirstOrDefault();
                if (found is not null)
                {
                    _waiters.RemoveAt(i);
                    completed.Add((completion, found));
                }
            }
        }

        foreach ((TaskCompletionSource<FakeClientEvent> completion, FakeClientEvent found) in completed)
        {
            completion.TrySetResult(found);
        }
    }

    /// <summary>Cancels every wait still open (the server stops).</summary>
    public void CancelWaiters()
    {
        lock (_gate)
        {
            foreach ((_, _, TaskCompletionSource<FakeClientEvent> completion) in _waiters)
            {
                completion.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }
}
