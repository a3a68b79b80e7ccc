using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// <c>load --calls N --seconds S [--warmup W] [--burst B] [--driver-nice D]</c>: N simulated browsers (binary 48 kHz audio, 50 ms frames both ways)
/// call a relay process that talks to a local fake model; prints calls held, relay-internal latency, CPU and bytes
/// allocated per relayed message, and GC counts over the measured window.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == "load-relay")
        {
            return await LoadRelayHost.RunAsync(new Uri(Option(args, "--model", "")), TimeSpan.FromSeconds(double.Parse(Option(args, "--burst", "5"), CultureInfo.InvariantCulture)));
        }

        var calls = int.Parse(Option(args, "--calls", "100"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup", "10"), CultureInfo.InvariantCulture);
        var burst = Option(args, "--burst", "5"); // the relay's flood allowance (VoiceAgentEndpointOptions.AudioBurst), seconds
        var driverNice = int.Parse(Option(args, "--driver-nice", "10"), CultureInfo.InvariantCulture);

        await using var model = new LoadFakeModel();
        await model.StartAsync();
        using var relay = StartRelayProcess(model.Endpoint, burst);
        var relayUri = new Uri(ReadUntil(relay, "LISTENING ")["LISTENING ".Length..] + "?audio=binary&inputRate=48000&outputRate=48000");
        Console.WriteLine($"relay pid {relay.Id} at {relayUri}; fake model at {model.Endpoint}");

        // After the relay has started (a child inherits its parent's priority): the driver yields the CPU to the relay.
        var lowered = DriverPriority.Lower(driverNice);
        Console.WriteLine(lowered > 0 ? $"driver threads lowered by nice {driverNice} below the relay" : "driver at the same priority as the relay");

        var browsers = new List<SimulatedBrowser>(calls);
        var connectWatch = Stopwatch.StartNew();
        using var connectCts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        for (var i = 0; i < calls; i += 25)
        {
            var batch = Enumerable.Range(i, Math.Min(25, calls - i)).Select(_ => new SimulatedBrowser()).ToList();
            browsers.AddRange(batch);
            await Task.WhenAll(batch.Select(b => ConnectQuietly(b, relayUri, connectCts.Token)));
        }

        var connected = browsers.Count(b => b.IsOpen);
        Console.WriteLine($"{connected}/{calls} calls ready after {connectWatch.Elapsed.TotalSeconds:F1} s");

        long ticks = 0, skipped = 0;
        using var stopTicker = new CancellationTokenSource();
        var ticker = Task.Run(() => FramePacer.RunAsync(slot =>
        {
            if (slot == 0)
            {
                ticks++;
            }

            for (var i = slot; i < browsers.Count; i += FramePacer.Slots)
            {
                if (!browsers[i].TrySendFrame())
                {
                    skipped++;
                }
            }
        }, stopTicker.Token));

        await Task.Delay(TimeSpan.FromSeconds(warmup));
        relay.StandardInput.WriteLine("mark");
        ReadUntil(relay, "MARKED");
        var received0 = browsers.Sum(b => b.FramesReceived);
        var driverCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        relay.StandardInput.WriteLine("report");
        var report = ParseReport(ReadUntil(relay, "REPORT "));
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpu0;
        var received = browsers.Sum(b => b.FramesReceived) - received0;
        var held = browsers.Count(b => b.IsOpen);

        await stopTicker.CancelAsync();
        await ticker;

        var failures = browsers.Where(b => b.FailedWith is not null).GroupBy(b => b.FailedWith).Select(g => $"{g.Count()} x {g.Key}").ToList();
        await Task.WhenAll(browsers.Select(b => b.DisposeAsync().AsTask()));
        relay.StandardInput.WriteLine("exit");
        await relay.WaitForExitAsync();

        Console.WriteLine();
        Console.WriteLine($"calls requested {calls}, ready {connected}, held to the end {held} (relay saw peak {report["peak"]} concurrent)");
        Console.WriteLine($"measured window {report["seconds"]} s after {warmup} s warm-up");
        Console.WriteLine($"relayed messages: caller->model {report["in"]}, model->caller {report["out"]}; frames the browsers received {received}; nominal {connected * 20L * seconds} each way (20 frames per second per call)");
        Console.WriteLine($"relay-internal latency caller->model p50 {report["inP50us"]} us, p99 {report["inP99us"]} us");
        Console.WriteLine($"relay-internal latency model->caller p50 {report["outP50us"]} us, p99 {report["outP99us"]} us");
        Console.WriteLine($"SendAudioAsync per caller frame (framing and the loopback socket write, not in the latency above) p50 {report["sendP50us"]} us, p99 {report["sendP99us"]} us");
        Console.WriteLine($"relay CPU {report["cpuMs"]} ms = {report["cpuUsPerMsg"]} us per relayed message");
        Console.WriteLine($"relay allocations {report["bytesPerMsg"]} B per relayed message");
        Console.WriteLine($"cores busy: relay {double.Parse(report["cpuMs"], CultureInfo.InvariantCulture) / 1000 / seconds:F2}, driver (browsers + fake model) {driverCpu.TotalSeconds / seconds:F2} of {Environment.ProcessorCount}");
        Console.WriteLine($"relay GCs in the window: gen0 {report["gen0"]}, gen1 {report["gen1"]}, gen2 {report["gen2"]}; working set {report["workingSetMB"]} MB");
        Console.WriteLine($"driver ticks {ticks}, sends skipped because the previous send was still in flight {skipped}");
        foreach (var failure in failures)
        {
            Console.WriteLine("browser failure: " + failure);
        }

        return 0;
    }

    private static async Task ConnectQuietly(SimulatedBrowser browser, Uri relay, CancellationToken cancellationToken)
    {
        try
        {
            await browser.ConnectAsync(relay, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Counted as not connected.
        }
    }

    private static Process StartRelayProcess(Uri model, string burst)
    {
        var self = Environment.ProcessPath!;
        var assembly = typeof(LoadCommand).Assembly.Location;
        var usesMuxer = System.IO.Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (usesMuxer)
        {
            start.ArgumentList.Add(assembly);
        }

        start.ArgumentList.Add("load-relay");
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add(model.ToString());
        start.ArgumentList.Add("--burst");
        start.ArgumentList.Add(burst);
        // Server GC would reserve a heap per core and hide allocation costs differently from the sample host; keep the default workstation GC.
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the relay process.");
    }

    private static string ReadUntil(Process process, string prefix)
    {
        // The relay answers within seconds; a relay that hangs is killed instead of hanging the run.
        var read = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"The relay process ended before printing '{prefix}'.");
        });
        if (!read.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The relay process did not print '{prefix}' within 60 s; it was killed.");
        }

        return read.GetAwaiter().GetResult();
    }

    private static Dictionary<string, string> ParseReport(string line) =>
        line["REPORT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
