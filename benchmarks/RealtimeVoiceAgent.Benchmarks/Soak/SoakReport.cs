using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RealtimeVoiceAgent.Benchmarks.Soak;

/// <summary>
/// The soak's table and verdict. After the warm-up (a sixth of the run, at most 5 minutes) each resource's mean over the
/// first window is compared with its mean over the last window of the same length, and the least-squares slope over
/// everything after the warm-up is given per hour. A resource is flat when the last window is within its tolerance of the
/// first: a relative part (the noise of a GC-managed process under a changing load) and an absolute floor.
/// </summary>
internal static class SoakReport
{
    private sealed record Resource(string Name, string Unit, Func<SoakSample, double> Value, double RelativeTolerance, double AbsoluteTolerance);

    private static readonly Resource[] s_resources =
    [
        new("RSS", "MB", s => s.RssMb, 0.10, 16),
        new("open handles", "", s => s.Handles, 0.05, 20),
        new("threads", "", s => s.Threads, 0.10, 8),
        new("live managed heap", "MB", s => s.LiveHeapMb, 0.25, 16),
    ];

    public static string Row(SoakSample s) => string.Create(CultureInfo.InvariantCulture,
        $"| {s.At.TotalMinutes,6:F1} | {s.OpenCalls,5} | {s.CallsStarted,7} | {s.CallsEnded,6} | {s.CallsFailed,6} | {s.RssMb,7:F1} | {s.Handles,7} | {s.Threads,7} | {s.LiveHeapMb,7:F1} | {s.Gen2,5} |");

    public const string Header =
        "|    min | calls | started |  ended | failed | RSS MB | handles | threads | live MB |  gen2 |\n" +
        "|-------:|------:|--------:|-------:|-------:|-------:|--------:|--------:|--------:|------:|";

    /// <summary>The verdict table; <paramref name="flat"/> says whether every resource stayed within its tolerance.</summary>
    public static string Verdict(IReadOnlyList<SoakSample> samples, TimeSpan window, TimeSpan duration, out bool flat)
    {
        var first = samples.Where(s => s.At >= window && s.At < window * 2).ToList();
        var last = samples.Where(s => s.At > duration - window).ToList();
        var afterWarmUp = samples.Where(s => s.At >= window).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Windows: first {Minutes(window)}-{Minutes(window * 2)} min ({first.Count} samples), last {Minutes(duration - window)}-{Minutes(duration)} min ({last.Count} samples); slope over {Minutes(window)}-{Minutes(duration)} min.");
        text.AppendLine();
        text.AppendLine("| resource | first window | last window | change | slope per hour | tolerance | verdict |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        flat = first.Count > 0 && last.Count > 0;
        foreach (var resource in s_resources)
        {
            if (first.Count == 0 || last.Count == 0)
            {
                break;
            }

            var a = first.Average(resource.Value);
            var b = last.Average(resource.Value);
            var tolerance = Math.Max(resource.AbsoluteTolerance, a * resource.RelativeTolerance);
            var ok = b - a <= tolerance;
            flat &= ok;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {resource.Name} | {a:F1} {resource.Unit} | {b:F1} {resource.Unit} | {b - a:+0.0;-0.0;0.0} ({(a == 0 ? 0 : (b - a) / a):+0.0%;-0.0%;0.0%}) | {SlopePerHour(afterWarmUp, resource.Value):+0.0;-0.0;0.0} {resource.Unit} | +{tolerance:F1} {resource.Unit} | {(ok ? "flat" : "GROWING")} |"));
        }

        return text.ToString();
    }

    // Least squares of value over time, in units per hour.
    private static double SlopePerHour(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var meanT = samples.Average(s => s.At.TotalHours);
        var meanV = samples.Average(value);
        var covariance = samples.Sum(s => (s.At.TotalHours - meanT) * (value(s) - meanV));
        var variance = samples.Sum(s => (s.At.TotalHours - meanT) * (s.At.TotalHours - meanT));
        return variance == 0 ? 0 : covariance / variance;
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
}
