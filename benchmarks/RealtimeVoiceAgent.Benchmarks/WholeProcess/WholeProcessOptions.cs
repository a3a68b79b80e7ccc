using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>The command line of <c>whole-process</c> (see <see cref="WholeProcessCommand"/>).</summary>
internal sealed record WholeProcessOptions(
    int Calls,
    int Seconds,
    int Warmup,
    int Rounds,
    IReadOnlyList<RelayTarget> Targets,
    string? HostDll,
    IReadOnlyDictionary<string, string> HostEnvironment,
    bool HostAllocations,
    bool HostGcReasons,
    bool Smoke)
{
    public static WholeProcessOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke", StringComparer.Ordinal);
        // --targets names targets one by one; --modes browser,phone is the shorthand for the browser ones and the phone one.
        var modes = Option(args, "--modes", "browser").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var targets = args.Contains("--targets", StringComparer.Ordinal)
            ? Option(args, "--targets", "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => RelayTarget.All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"--targets: unknown target '{name}' (known: {string.Join(", ", RelayTarget.All.Select(t => t.Name))})."))
                .ToList()
            : modes.SelectMany(RelayTarget.OfMode).Distinct().ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostAllocations = args.Contains("--host-allocations", StringComparer.Ordinal);
        if (hostAllocations)
        {
            environment["BENCHMARK_HOST_ALLOCATIONS"] = "1";
        }

        var hostGcReasons = args.Contains("--host-gc-reasons", StringComparer.Ordinal);
        if (hostGcReasons)
        {
            environment["BENCHMARK_HOST_GC_REASONS"] = "1";
        }

        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--host-env")
            {
                var pair = args[i + 1].Split('=', 2);
                environment[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException($"--host-env takes NAME=VALUE, not '{args[i + 1]}'.");
            }
        }

        return new WholeProcessOptions(
            Calls: Int(args, "--calls", smoke ? 2 : 200),
            Seconds: Int(args, "--seconds", smoke ? 2 : 30),
            Warmup: Int(args, "--warmup", smoke ? 1 : 10),
            Rounds: Int(args, "--rounds", 1),
            Targets: targets,
            HostDll: args.Contains("--host-dll", StringComparer.Ordinal) ? Option(args, "--host-dll", "") : null,
            HostEnvironment: environment,
            HostAllocations: hostAllocations,
            HostGcReasons: hostGcReasons,
            Smoke: smoke);
    }

    private static int Int(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
