using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// Prints the run as one markdown table, a column per target (the median over rounds, with the range when there were
/// several) and the .NET host / Node ratio, then the issue's targets met or missed. Phone calls (host only) get their
/// column next to the browser ones, and an n/a column for the Node relay, which has no phone transport.
/// </summary>
internal static class WholeProcessReport
{
    private sealed record Row(string Label, Func<Func<string, double>, string> Format, string? RatioKey);

    private static readonly Row[] s_rows =
    [
        new("calls ready / held to the end", f => $"{f("ready"):F0} / {f("held"):F0}", null),
        new("audio messages relayed in the window, up / down (nominal)", f => $"{f("up"):N0} / {f("down"):N0} ({f("nominalUp"):N0} / {f("nominalDown"):N0})", null),
        new("**relay CPU per relayed message**", f => $"{f("cpuUsPerMsg"):F1} µs", "cpuUsPerMsg"),
        new("cores busy: relay / driver (callers + fake model)", f => $"{f("relayCores"):F2} / {f("driverCores"):F2}", "relayCores"),
        new("RSS idle -> with the calls", f => $"{f("rssIdleMb"):F1} -> {f("rssLoadedMb"):F1} MB", "rssLoadedMb"),
        new("**RSS growth per call**, from idle (after a batch of priming calls)", f => $"{f("rssPerCallKb"):F0} KB", "rssPerCallKb"),
        new("RSS growth per call, from a cold start (no call served yet)", f => $"{f("rssPerCallColdKb"):F0} KB ({f("rssColdMb"):F1} MB cold)", "rssPerCallColdKb"),
        new("RSS growth per call, from half the calls (marginal)", f => $"{f("rssMarginalKb"):F0} KB", "rssMarginalKb"),
        new("allocated per call, idle to the window (.NET)", f => double.IsNaN(f("allocPerCallKb")) ? "-" : $"{f("allocPerCallKb"):F0} KB", null),
        new("threads with the calls", f => $"{f("threads"):F0}", "threads"),
        new("**GCs in the window** (while connecting and warming up)", f => $"{f("gc"):F0} ({f("gcConnecting"):F0})", null),
        new("E2E caller -> model p50 / p99 / p99.9", f => $"{f("upP50"):F2} / {f("upP99"):F2} / {f("upP999"):F2} ms", "upP99"),
        new("E2E model -> caller p50 / p99 / p99.9", f => $"{f("downP50"):F2} / {f("downP99"):F2} / {f("downP999"):F2} ms", "downP99"),
        new("timed messages up / down (unmarked)", f => $"{f("upMarked"):N0} / {f("downMarked"):N0} ({f("unmarked"):N0})", null),
        new("caller sends skipped (previous still in flight)", f => $"{f("skipped"):N0}", null),
    ];

    public static string Format(WholeProcessOptions options, IReadOnlyList<TargetResult> results)
    {
        var byTarget = options.Targets.Select(t => (Target: t, Results: results.Where(r => r.Target == t).ToList())).Where(x => x.Results.Count > 0).ToList();
        var host = byTarget.FirstOrDefault(x => x.Target == RelayTarget.HostJson).Results;
        var node = byTarget.FirstOrDefault(x => x.Target == RelayTarget.NodeJson).Results;
        var withRatio = host is not null && node is not null;
        // The Node relay has no phone transport: its phone column says so rather than being left out unexplained.
        var withPhone = byTarget.Any(x => x.Target == RelayTarget.HostPhone);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{options.Calls} calls per target, {options.Warmup} s warm-up, {options.Seconds} s window, {options.Rounds} round(s) alternated; medians{(options.Rounds > 1 ? ", with the range over rounds of the compared figure in parentheses" : "")}");
        if (byTarget.Any(x => !x.Target.IsPhone))
        {
            text.AppendLine("Browser calls: 50 ms of 24 kHz audio each way every 50 ms.");
        }

        if (withPhone)
        {
            text.AppendLine("Phone calls (Twilio Media Streams, G.711 passthrough): 20 ms of 8 kHz μ-law up every 20 ms, 50 ms of μ-law down every 50 ms, each down message followed by a mark the caller echoes (marks are not counted as messages).");
        }

        text.AppendLine();
        text.Append("| figure |");
        foreach (var (target, _) in byTarget)
        {
            text.Append(CultureInfo.InvariantCulture, $" {target.Title} |");
            if (withRatio && target == RelayTarget.NodeJson)
            {
                text.Append(" .NET JSON / Node |");
            }

            if (target == RelayTarget.HostPhone)
            {
                text.Append(" Node relay, phone |");
            }
        }

        text.AppendLine();
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", byTarget.Count + (withRatio ? 1 : 0) + (withPhone ? 1 : 0))));
        foreach (var row in s_rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Label} |");
            foreach (var (target, list) in byTarget)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Cell(row, list)} |");
                if (withRatio && target == RelayTarget.NodeJson)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {(row.RatioKey is { } key ? Ratio(Median(host!, key), Median(node!, key)) : "")} |");
                }

                if (target == RelayTarget.HostPhone)
                {
                    text.Append(" n/a |");
                }
            }

            text.AppendLine();
        }

        text.AppendLine();
        foreach (var (target, list) in byTarget)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"GCs, {target.Title}: {string.Join("; ", list.Select(r => r.GcDetail))}");
        }

        if (withRatio)
        {
            text.AppendLine();
            text.AppendLine("Targets (issue 13), .NET host JSON against the Node relay:");
            Target(text, "CPU per relayed message <= 0.7x Node's", Median(host!, "cpuUsPerMsg"), 0.7 * Median(node!, "cpuUsPerMsg"), "µs");
            Target(text, "p99 E2E caller -> model <= Node's", Median(host!, "upP99"), Median(node!, "upP99"), "ms");
            Target(text, "p99 E2E model -> caller <= Node's", Median(host!, "downP99"), Median(node!, "downP99"), "ms");
            Target(text, "RSS growth per call from idle (primed) <= 0.7x Node's", Median(host!, "rssPerCallKb"), 0.7 * Median(node!, "rssPerCallKb"), "KB");
            Target(text, "(also) RSS growth per call from a cold start <= 0.7x Node's", Median(host!, "rssPerCallColdKb"), 0.7 * Median(node!, "rssPerCallColdKb"), "KB");
            Target(text, "(also) marginal RSS per call <= 0.7x Node's", Median(host!, "rssMarginalKb"), 0.7 * Median(node!, "rssMarginalKb"), "KB");
            Target(text, "no GC in the window (every round)", host!.Max(r => r.Figures["gc"]), 0, "GCs");
            Target(text, "every call held (every round)", host!.Min(r => r.Figures["held"] - r.Figures["calls"]), 0, "calls missing", atLeast: true);
        }

        foreach (var result in results.Where(r => r.Failures.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{result.Target.Name}: {string.Join("; ", result.Failures)}");
        }

        return text.ToString();
    }

    public static double Median(IReadOnlyList<TargetResult> results, string key)
    {
        var values = results.Select(r => r.Figures[key]).Order().ToArray();
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    private static string Cell(Row row, List<TargetResult> results)
    {
        var median = row.Format(key => Median(results, key));
        if (results.Count == 1 || row.RatioKey is null)
        {
            return median;
        }

        var values = results.Select(r => r.Figures[row.RatioKey]).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{median} ({values.Min():0.##}-{values.Max():0.##})");
    }

    private static string Ratio(double numerator, double denominator) =>
        denominator > 0 && !double.IsNaN(numerator) ? string.Create(CultureInfo.InvariantCulture, $"{numerator / denominator:F2}x") : "-";

    private static void Target(StringBuilder text, string what, double actual, double limit, string unit, bool atLeast = false)
    {
        var met = atLeast ? actual >= limit : actual <= limit;
        text.AppendLine(CultureInfo.InvariantCulture, $"- {what}: {(met ? "met" : "MISSED")} ({actual:0.##} {unit}; limit {limit:0.##})");
    }
}
