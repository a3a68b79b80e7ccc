using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Benchmarks.Load;
using RealtimeVoiceAgent.Benchmarks.WholeProcess;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>
/// Holds a number of browser calls up at once, each in its own slot: a slot's call lasts a random length, hangs up
/// (a normal close), and the slot dials the next one at once. Even slots send JSON audio, odd slots binary frames; every
/// open call gets one 50 ms frame per period from a <see cref="FramePacer"/>, and the fake model streams audio back.
/// </summary>
internal sealed class SoakCallSlots
{
    private readonly SimulatedCaller?[] _slots;
    private readonly Uri _relay;
    private readonly SoakOptions _options;
    // Never started: the callers time nothing in a soak.
    private readonly LatencyRecorder _noLatency = new(1);
    private long _started;
    private long _ended;
    private long _failed;
    private string? _lastFailure;

    public SoakCallSlots(Uri relay, SoakOptions options)
    {
        _relay = relay;
        _options = options;
        _slots = new SimulatedCaller?[options.Calls];
    }

    /// <summary>Calls that reached <c>ready</c>.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Calls that lasted their length and hung up.</summary>
    public long Ended => Interlocked.Read(ref _ended);

    /// <summary>Calls that failed to connect, or that the relay closed or dropped before their end.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Why the last failed call failed.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Calls up now.</summary>
    public int Open => _slots.Count(s => s is { IsOpen: true });

    /// <summary>Runs every slot and the pacer until <paramref name="stop"/>; then hangs up every call.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var stopPacer = new CancellationTokenSource();
        var pacer = Task.Run(() => FramePacer.RunAsync(
            slot =>
            {
                for (var i = slot; i < _slots.Length; i += FramePacer.Slots)
                {
                    Volatile.Read(ref _slots[i])?.TrySendFrame();
                }
            },
            stopPacer.Token));
        // The first calls are dialled over the first 10 s (at most), not all in the same instant.
        var stagger = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, _options.MinCallLength.Ticks) / Math.Max(1, _slots.Length));
        await Task.WhenAll(Enumerable.Range(0, _slots.Length).Select(i => RunSlotAsync(i, stagger * i, stop)));
        await stopPacer.CancelAsync();
        await pacer;
    }

    private async Task RunSlotAsync(int index, TimeSpan firstDial, CancellationToken stop)
    {
        try
        {
            await Task.Delay(firstDial, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var random = new Random(index);
        while (!stop.IsCancellationRequested)
        {
            var caller = new BrowserCaller(binaryAudio: index % 2 == 1, _noLatency);
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(60));
                await caller.ConnectAsync(_relay, connectTimeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Fail(caller.FailedWith ?? ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None); // do not spin on a host that refuses calls
                }

                await caller.DisposeAsync();
                continue;
            }

            Interlocked.Increment(ref _started);
            Volatile.Write(ref _slots[index], caller);
            var length = _options.MinCallLength + ((_options.MaxCallLength - _options.MinCallLength) * random.NextDouble());
            var hangUpAt = DateTime.UtcNow + length;
            while (caller.IsOpen && DateTime.UtcNow < hangUpAt && !stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            }

            // Decided before the hang-up: the caller's own close also ends its receive loop.
            var failure = caller.IsOpen ? null : caller.FailedWith ?? "the call closed";
            Volatile.Write(ref _slots[index], null);
            await caller.DisposeAsync();
            if (failure is null)
            {
                Interlocked.Increment(ref _ended);
            }
            else
            {
                Fail(failure);
            }
        }
    }

    private void Fail(string reason)
    {
        Interlocked.Increment(ref _failed);
        Volatile.Write(ref _lastFailure, reason);
    }
}
