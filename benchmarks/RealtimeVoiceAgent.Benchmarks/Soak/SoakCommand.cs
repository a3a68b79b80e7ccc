using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Benchmarks.Load;
using RealtimeVoiceAgent.Benchmarks.WholeProcess;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>
/// <c>soak [--calls 100] [--minutes 30] [--min-call 20] [--max-call 90] [--sample 10] [--host-dll PATH] [--smoke]</c>: the
/// sample host as its own process (as <c>whole-process</c> runs it) holds <c>--calls</c> browser calls for <c>--minutes</c>,
/// each call lasting a random 20-90 s before it hangs up and a new one is dialled, against the driver's fake model. Every
/// <c>--sample</c> seconds it has the host run a full garbage collection and report its live managed heap (so garbage
/// waiting for a gen2 collection does not look like a leak), reads its RSS, open handles and threads from /proc, prints a row, and
/// ends with the verdict on flatness (<see cref="SoakReport"/>). <c>--smoke</c> (4 calls, 15 s, calls of 2-5 s) checks that
/// every piece works for scripts/test.sh; it asserts no flatness, which a few seconds cannot show.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = SoakOptions.Parse(args);
        var root = BenchmarkRepository.FindRoot();
        var hostDll = BenchmarkRepository.HostDll(root, options.HostDll);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Calls} calls for {options.Duration.TotalMinutes:0.##} min, each {options.MinCallLength.TotalSeconds:0.#}-{options.MaxCallLength.TotalSeconds:0.#} s; host {hostDll}; {Environment.ProcessorCount} cores, load average {BenchmarkRepository.LoadAverage()}"));

        await using var model = new LoadFakeModel();
        await model.StartAsync();
        using var relay = RelayProcess.StartHost(hostDll, model.Endpoint, new Dictionary<string, string>());
        await relay.WaitUntilListeningAsync();
        var idle = Sample(relay, TimeSpan.Zero, null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host pid {relay.Pid} at {relay.CallsUri}; idle RSS {idle.RssMb:F1} MB, {idle.Handles} handles, {idle.Threads} threads"));
        Console.WriteLine();
        Console.WriteLine(SoakReport.Header);

        var calls = new SoakCallSlots(relay.CallsUri, options);
        var samples = new List<SoakSample>();
        var loads = new List<string>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = calls.RunAsync(stop.Token);
        using (var timer = new PeriodicTimer(options.SampleEvery))
        {
            while (clock.Elapsed < options.Duration && await timer.WaitForNextTickAsync())
            {
                var sample = Sample(relay, clock.Elapsed, calls);
                samples.Add(sample);
                Console.WriteLine(SoakReport.Row(sample));
                if (samples.Count % Math.Max(1, (int)(TimeSpan.FromMinutes(5) / options.SampleEvery)) == 0)
                {
                    loads.Add($"{clock.Elapsed.TotalMinutes:F0} min: {BenchmarkRepository.LoadAverage()}");
                }
            }
        }

        await stop.CancelAsync();
        await running;
        var afterHangUp = await SettleAsync(relay);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calls: {calls.Started} started, {calls.Ended} ended by hanging up, {calls.Failed} failed{(calls.LastFailure is null ? "" : $" (last: {calls.LastFailure})")}; {model.AppendsReceived:N0} audio frames reached the model"));
        Console.WriteLine($"load average during the run: {string.Join("; ", loads.DefaultIfEmpty(BenchmarkRepository.LoadAverage()))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host after every call hung up: RSS {afterHangUp.RssMb:F1} MB, {afterHangUp.Handles} handles (idle before the calls: {idle.Handles}), {afterHangUp.Threads} threads"));
        Console.WriteLine();
        var verdict = SoakReport.Verdict(samples, options.Window, options.Duration, out var flat);
        Console.WriteLine(verdict);
        if (options.Smoke)
        {
            return Smoke(options, calls, samples, idle);
        }

        Console.WriteLine(flat ? "soak: FLAT (every resource within its tolerance)" : "soak: GROWING (see the table)");
        return flat ? 0 : 1;
    }

    private static SoakSample Sample(RelayProcess relay, TimeSpan at, SoakCallSlots? calls)
    {
        // The live heap first: the forced full collection also returns what it frees, so RSS is read after it.
        var stats = relay.QueryStats("live");
        var proc = relay.Sample();
        return new SoakSample(
            at,
            calls?.Open ?? 0,
            calls?.Started ?? 0,
            calls?.Ended ?? 0,
            calls?.Failed ?? 0,
            proc.RssKb / 1024.0,
            ProcSample.OpenHandles(relay.Pid),
            proc.Threads,
            long.Parse(stats["liveBytes"], CultureInfo.InvariantCulture) / (1024.0 * 1024.0),
            long.Parse(stats["gen2"], CultureInfo.InvariantCulture));
    }

    // The host's reading once every call has hung up: its sockets close as each call's shutdown completes.
    private static async Task<SoakSample> SettleAsync(RelayProcess relay)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        return Sample(relay, TimeSpan.Zero, null);
    }

    /// <summary>The smoke run's checks: calls came and went, none failed, and every reading was taken (nothing about flatness).</summary>
    private static int Smoke(SoakOptions options, SoakCallSlots calls, IReadOnlyList<SoakSample> samples, SoakSample idle)
    {
        var problems = new List<string>();
        if (calls.Ended < 1 || calls.Started <= options.Calls)
        {
            problems.Add($"{calls.Started} calls started and {calls.Ended} ended: no slot hung up and dialled again");
        }

        if (calls.Failed > 0)
        {
            problems.Add($"{calls.Failed} calls failed (last: {calls.LastFailure})");
        }

        if (samples.Count < 3 || samples.Any(s => s.RssMb <= 0 || s.Handles <= 0 || s.Threads <= 0 || s.LiveHeapMb <= 0) || idle.Handles <= 0)
        {
            problems.Add($"{samples.Count} samples, not every one with RSS, handles, threads and heap");
        }

        if (!samples.Any(s => s.OpenCalls > 0))
        {
            problems.Add("no sample saw an open call");
        }

        foreach (var problem in problems)
        {
            Console.WriteLine("smoke: " + problem);
        }

        Console.WriteLine(problems.Count == 0 ? "soak smoke: passed" : $"soak smoke: FAILED ({problems.Count} problems)");
        return problems.Count == 0 ? 0 : 1;
    }
}
