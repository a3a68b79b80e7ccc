using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// Collects <see cref="TaskScheduler.UnobservedTaskException"/> while a fuzz test runs: a task that faulted with nobody
/// awaiting it is a leaked task. Fuzz tests run in a collection of their own (no other test runs meanwhile), so what is
/// collected is theirs.
/// </summary>
internal sealed class UnobservedTaskExceptions : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedTaskExceptions() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    /// <summary>Finalizes every unreachable task (which raises the event for a faulted one nobody observed), then returns what was seen.</summary>
    public Exception[] Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return _seen.ToArray();
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => _seen.Enqueue(e.Exception);
}
