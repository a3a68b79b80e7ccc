using System;
using System.Globalization;
using System.Linq;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>The command line of <c>soak</c> (see <see cref="SoakCommand"/>).</summary>
internal sealed record SoakOptions(
    int Calls,
    TimeSpan Duration,
    TimeSpan MinCallLength,
    TimeSpan MaxCallLength,
    TimeSpan SampleEvery,
    string? HostDll,
    bool Smoke)
{
    /// <summary>The warm-up before the first compared window, and the length of each compared window: a sixth of the run, at most 5 minutes.</summary>
    public TimeSpan Window => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, Duration.Ticks / 6));

    public static SoakOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke", StringComparer.Ordinal);
        var minutes = Double(args, "--minutes", smoke ? 0.25 : 30);
        return new SoakOptions(
            Calls: (int)Double(args, "--calls", smoke ? 4 : 100),
            Duration: TimeSpan.FromMinutes(minutes),
            MinCallLength: TimeSpan.FromSeconds(Double(args, "--min-call", smoke ? 2 : 20)),
            MaxCallLength: TimeSpan.FromSeconds(Double(args, "--max-call", smoke ? 5 : 90)),
            SampleEvery: TimeSpan.FromSeconds(Double(args, "--sample", smoke ? 1 : 10)),
            HostDll: args.Contains("--host-dll", StringComparer.Ordinal) ? Option(args, "--host-dll", "") : null,
            Smoke: smoke);
    }

    private static double Double(string[] args, string name, double fallback) =>
        double.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
