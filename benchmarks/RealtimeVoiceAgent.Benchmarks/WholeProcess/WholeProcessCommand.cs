using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// <c>whole-process [--calls 200] [--seconds 30] [--warmup 10] [--rounds 1] [--targets host-json,node-json,host-binary,host-phone,host-live
/// | --modes browser,phone,live] [--host-dll PATH] [--host-env NAME=VALUE]… [--smoke]</c>: the sample host and the seed-style
/// Node relay, each in its own process, under the same simulated callers (browser, and phone for the host) and fake model,
/// measured from outside (docs/benchmarks.md).
/// Targets run one after the other and, with several rounds, alternate, so a shared machine's changing load falls on
/// all of them alike. <c>--smoke</c> (2 calls, seconds long) checks that every piece works and ends with a pass/fail
/// line for scripts/test.sh; it asserts no timing.
/// </summary>
internal static class WholeProcessCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = WholeProcessOptions.Parse(args);
        var root = BenchmarkRepository.FindRoot();
        var hostDll = BenchmarkRepository.HostDll(root, options.HostDll);

        var nodeRelay = Path.Combine(root, "benchmarks", "node-relay");
        Console.WriteLine($"host: {hostDll} (built {File.GetLastWriteTime(hostDll):yyyy-MM-dd HH:mm}); Node relay: {nodeRelay}; {Environment.ProcessorCount} cores, load average {BenchmarkRepository.LoadAverage()}");
        foreach (var (name, value) in options.HostEnvironment)
        {
            Console.WriteLine($"host environment: {name}={value}");
        }

        var results = new List<TargetResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"round {round} of {options.Rounds}");
            foreach (var target in round % 2 == 1 ? options.Targets : options.Targets.Reverse())
            {
                var result = await WholeProcessRun.RunAsync(target, options, hostDll, nodeRelay);
                results.Add(result);
                var f = result.Figures;
                Console.WriteLine($"  {target.Name}: held {f["held"]}/{f["calls"]}, {f["cpuUsPerMsg"]:F1} µs CPU per message, RSS +{f["rssPerCallKb"]:F0} KB per call, p99 up/down {f["upP99"]:F2}/{f["downP99"]:F2} ms, GCs {result.GcDetail}; load average {BenchmarkRepository.LoadAverage()}");
            }
        }

        Console.WriteLine();
        Console.WriteLine(WholeProcessReport.Format(options, results));
        return options.Smoke ? Smoke(results) : 0;
    }

    /// <summary>The smoke run's checks: every piece produced its figures (nothing about how fast).</summary>
    private static int Smoke(IReadOnlyList<TargetResult> results)
    {
        var problems = new List<string>();
        // The /proc parser on a command name with spaces and parentheses, as the kernel prints it.
        var stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 9 0 100 2000000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        var status = "Name:\tmy (odd) name\nVmRSS:\t   81234 kB\nThreads:\t9\n";
        if (ProcSample.Parse(stat, status) != new ProcSample(1234 + 567, 81234, 9))
        {
            problems.Add($"/proc parser read {ProcSample.Parse(stat, status)} from the sample lines");
        }

        foreach (var result in results)
        {
            var f = result.Figures;
            Check(f["held"] == f["calls"], $"{result.Target.Name}: {f["held"]} of {f["calls"]} calls held ({string.Join("; ", result.Failures)})");
            Check(f["up"] > 0 && f["down"] > 0, $"{result.Target.Name}: relayed {f["up"]} up and {f["down"]} down");
            Check(f["upMarked"] > 0 && f["downMarked"] > 0 && f["unmarked"] == 0, $"{result.Target.Name}: timed {f["upMarked"]} up and {f["downMarked"]} down, {f["unmarked"]} unmarked");
            Check(f["rssIdleMb"] > 0 && f["threads"] > 0, $"{result.Target.Name}: RSS {f["rssIdleMb"]} MB, {f["threads"]} threads");
        }

        foreach (var problem in problems)
        {
            Console.WriteLine("smoke: " + problem);
        }

        Console.WriteLine(problems.Count == 0 ? "whole-process smoke: passed" : $"whole-process smoke: FAILED ({problems.Count} problems)");
        return problems.Count == 0 ? 0 : 1;

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
    }
}
