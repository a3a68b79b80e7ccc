using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Benchmarks.Load;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// One target, one round: starts the fake model (in this, the driver process) and the relay process, reads the relay's
/// idle RSS, connects the callers, paces marked audio both ways (browser: 50 ms frames; phone: Twilio's 20 ms up, the
/// model's 50 ms down) for the warm-up and the measured window, and
/// reads /proc, the relay's GC counts and the latencies at the window's two ends.
/// </summary>
internal static class WholeProcessRun
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_priming = TimeSpan.FromSeconds(3);
    private const int PrimingCalls = 25;

    public static async Task<TargetResult> RunAsync(RelayTarget target, WholeProcessOptions options, string hostDll, string nodeRelayDirectory)
    {
        // Room for every message of the window plus slack (a relay that catches up delivers more than nominal).
        var capacity = (int)Math.Min(int.MaxValue, (long)options.Calls * 50 * (options.Seconds + 5) * 2);
        var up = new LatencyRecorder(capacity);
        var down = new LatencyRecorder(capacity);
        await using var model = new LoadFakeModel(up);
        await model.StartAsync();
        using var relay = target.IsNode
            ? RelayProcess.StartNode(nodeRelayDirectory, model.Endpoint)
            : RelayProcess.StartHost(hostDll, target.IsLive ? model.LiveEndpoint : model.Endpoint, options.HostEnvironment, target.IsPhone, target.IsLive);
        await relay.WaitUntilListeningAsync();
        await Task.Delay(s_settle);
        var cold = relay.Sample();
        var callers = new List<SimulatedCaller>(options.Calls);
        var active = Array.Empty<SimulatedCaller>(); // what the pacer drives; replaced, never changed in place
        long skipped = 0;
        using var stopPacer = new CancellationTokenSource();
        var pacer = Task.Run(() => FramePacer.RunAsync(slot =>
        {
            var current = Volatile.Read(ref active);
            for (var i = slot; i < current.Length; i += FramePacer.Slots)
            {
                if (!current[i].TrySendFrame())
                {
                    skipped++;
                }
            }
        }, stopPacer.Token, target.FramePeriod));

        // A server is idle after it has served calls, not when it has never run one: a batch of priming calls streams
        // for a few seconds and hangs up first, so that "idle" holds the one-time costs (JIT, pools, first-use type
        // loading) for both relays alike. The cold figure is reported too.
        var primingCalls = Math.Min(PrimingCalls, options.Calls);
        var primers = new List<SimulatedCaller>(primingCalls);
        await ConnectAsync(primers, primingCalls, target, relay.CallsUri, down);
        Volatile.Write(ref active, primers.ToArray());
        await Task.Delay(s_priming);
        Volatile.Write(ref active, Array.Empty<SimulatedCaller>());
        await Task.WhenAll(primers.Select(c => c.DisposeAsync().AsTask()));
        await Task.Delay(s_settle);
        var idle = relay.Sample();
        var statsIdle = relay.QueryStats();
        if (options.HostAllocations && !target.IsNode)
        {
            relay.QueryStats("allocs"); // starts the sample at idle
        }
        Console.WriteLine($"  {target.Name}: pid {relay.Pid} at {relay.CallsUri}; idle RSS {idle.RssKb / 1024.0:F1} MB, {idle.Threads} threads");

        // Half the calls first, streaming for half the warm-up; then the other half. The RSS growth from the first half's
        // steady state to the whole is the marginal memory of a call, without the one-time costs (JIT, pools, first-use
        // type loading) that the growth from idle also holds.
        var half = options.Calls / 2;
        var connectWatch = Stopwatch.StartNew();
        await ConnectAsync(callers, half, target, relay.CallsUri, down);
        Volatile.Write(ref active, callers.ToArray());
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup / 2.0));
        var halfLoaded = relay.Sample();
        var readyHalf = callers.Count(c => c.IsOpen);
        await ConnectAsync(callers, options.Calls - half, target, relay.CallsUri, down);
        Volatile.Write(ref active, callers.ToArray());
        var ready = callers.Count(c => c.IsOpen);
        Console.WriteLine($"  {target.Name}: {ready}/{options.Calls} calls ready after {connectWatch.Elapsed.TotalSeconds:F1} s (including {options.Warmup / 2.0:F0} s with half of them)");

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        if (options.HostAllocations && !target.IsNode)
        {
            Console.WriteLine($"  {target.Name}: allocation samples from idle to the window (connecting {ready} calls and the warm-up), KB by type:");
            Console.WriteLine("    " + relay.QueryStats("allocs")["allocs"].Replace("|", Environment.NewLine + "    ", StringComparison.Ordinal).Replace('_', ' '));
        }

        if (options.HostGcReasons && !target.IsNode)
        {
            Console.WriteLine($"  {target.Name}: GCs from start to the window: {relay.QueryStats("gcs")["gcs"]}");
        }

        var stats0 = relay.QueryStats();
        var relay0 = relay.Sample();
        var driver0 = ProcSample.ReadSelf();
        var appends0 = model.AppendsReceived;
        var frames0 = callers.Sum(c => c.FramesReceived);
        var skipped0 = Interlocked.Read(ref skipped);
        var window = Stopwatch.StartNew();
        up.Start();
        down.Start();

        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));

        up.Stop();
        down.Stop();
        var seconds = window.Elapsed.TotalSeconds;
        var relay1 = relay.Sample();
        var driver1 = ProcSample.ReadSelf();
        var stats1 = relay.QueryStats();
        if (options.HostGcReasons && !target.IsNode)
        {
            Console.WriteLine($"  {target.Name}: GCs in the window: {relay.QueryStats("gcs")["gcs"]}");
        }

        var appends = model.AppendsReceived - appends0;
        var frames = callers.Sum(c => c.FramesReceived) - frames0;
        var held = callers.Count(c => c.IsOpen);
        var skippedInWindow = Interlocked.Read(ref skipped) - skipped0;

        await stopPacer.CancelAsync();
        await pacer;
        var failures = callers.Where(c => c.FailedWith is not null).GroupBy(c => c.FailedWith).Select(g => $"{g.Count()} x {g.Key}").ToList();
        await Task.WhenAll(callers.Select(c => c.DisposeAsync().AsTask()));

        var messages = Math.Max(1, appends + frames);
        var upMs = up.SortedMilliseconds();
        var downMs = down.SortedMilliseconds();
        var (gcTotal, gcDetail) = GcDelta(stats0, stats1);
        var (gcConnecting, _) = GcDelta(statsIdle, stats0);
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["calls"] = options.Calls,
            ["ready"] = ready,
            ["held"] = held,
            ["seconds"] = seconds,
            ["up"] = appends,
            ["down"] = frames,
            ["nominalUp"] = ready * (1000 / target.FramePeriod.TotalMilliseconds) * seconds,
            ["nominalDown"] = ready * 20.0 * seconds, // the fake model's 50 ms deltas, whatever the caller
            ["cpuUsPerMsg"] = (relay1.Cpu - relay0.Cpu).TotalMicroseconds / messages,
            ["relayCores"] = (relay1.Cpu - relay0.Cpu).TotalSeconds / seconds,
            ["driverCores"] = (driver1.Cpu - driver0.Cpu).TotalSeconds / seconds,
            ["rssColdMb"] = cold.RssKb / 1024.0,
            ["rssIdleMb"] = idle.RssKb / 1024.0,
            ["rssLoadedMb"] = relay1.RssKb / 1024.0,
            ["rssPerCallKb"] = (relay1.RssKb - idle.RssKb) / (double)Math.Max(1, ready),
            ["rssPerCallColdKb"] = (relay1.RssKb - cold.RssKb) / (double)Math.Max(1, ready),
            ["rssMarginalKb"] = (relay1.RssKb - halfLoaded.RssKb) / (double)Math.Max(1, ready - readyHalf),
            ["threads"] = relay1.Threads,
            ["gc"] = gcTotal,
            ["gcConnecting"] = gcConnecting,
            // .NET only: bytes the host allocated per call from idle to the window (connecting; streaming allocates nothing).
            ["allocPerCallKb"] = statsIdle.TryGetValue("allocatedBytes", out var idleBytes)
                ? (double.Parse(stats0["allocatedBytes"], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(idleBytes, System.Globalization.CultureInfo.InvariantCulture)) / 1024 / Math.Max(1, ready)
                : double.NaN,
            ["upP50"] = LatencyRecorder.Quantile(upMs, 0.50),
            ["upP99"] = LatencyRecorder.Quantile(upMs, 0.99),
            ["upP999"] = LatencyRecorder.Quantile(upMs, 0.999),
            ["downP50"] = LatencyRecorder.Quantile(downMs, 0.50),
            ["downP99"] = LatencyRecorder.Quantile(downMs, 0.99),
            ["downP999"] = LatencyRecorder.Quantile(downMs, 0.999),
            ["upMarked"] = upMs.Length,
            ["downMarked"] = downMs.Length,
            ["unmarked"] = up.Unmarked + down.Unmarked,
            ["skipped"] = skippedInWindow,
        };

        if (up.Dropped + down.Dropped > 0)
        {
            failures.Add($"{up.Dropped + down.Dropped} latency samples did not fit the recorder");
        }

        return new TargetResult(target, figures, gcDetail, failures);
    }

    /// <summary>GCs between two STATS answers: .NET gen0/gen1/gen2, Node minor/major (+ incremental and weak-callback passes).</summary>
    private static (double Total, string Detail) GcDelta(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var keys = before.ContainsKey("gen0") ? new[] { "gen0", "gen1", "gen2" } : ["gcMinor", "gcMajor", "gcIncremental", "gcWeak"];
        var deltas = keys.Select(k => long.Parse(after[k], System.Globalization.CultureInfo.InvariantCulture) - long.Parse(before[k], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // .NET counts a gen1 GC in gen0 too (and a gen2 in both): the number of GCs is the gen0 count.
        var total = before.ContainsKey("gen0") ? deltas[0] : deltas.Sum();
        var detail = string.Join(" / ", keys.Zip(deltas, (k, d) => $"{d} {k.Replace("gc", "", StringComparison.Ordinal).ToLowerInvariant()}"));
        var mode = after.TryGetValue("serverGc", out var server) ? $" ({(server == "True" ? "server" : "workstation")} GC, {after["latencyMode"]})" : "";
        return (total, detail + mode);
    }

    private static async Task ConnectAsync(List<SimulatedCaller> callers, int count, RelayTarget target, Uri relay, LatencyRecorder down)
    {
        using var connectCts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        for (var i = 0; i < count; i += 25)
        {
            var batch = Enumerable.Range(i, Math.Min(25, count - i))
                .Select(_ => target.IsPhone ? new PhoneCaller(down) : (SimulatedCaller)new BrowserCaller(target.BinaryAudio, down))
                .ToList();
            callers.AddRange(batch);
            await Task.WhenAll(batch.Select(c => ConnectQuietly(c, relay, connectCts.Token)));
        }
    }

    private static async Task ConnectQuietly(SimulatedCaller caller, Uri relay, CancellationToken cancellationToken)
    {
        try
        {
            await caller.ConnectAsync(relay, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Counted as not ready; the caller's FailedWith says why.
        }
    }
}
