using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// The relay under load, in its own process so its CPU, allocations and GCs are measured apart from the simulated
/// browsers and the fake model. Driven over stdin: <c>mark</c> starts the measured window, <c>report</c> prints it,
/// <c>exit</c> stops.
/// </summary>
internal static class LoadRelayHost
{
    public static async Task<int> RunAsync(Uri modelEndpoint, TimeSpan audioBurst)
    {
        var inbound = new RelayLatencyHistogram();
        var outbound = new RelayLatencyHistogram();
        var modelSend = new RelayLatencyHistogram();
        var observer = new CallObserver { InboundLatency = inbound, OutboundLatency = outbound, ModelSendDuration = modelSend };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("RELAY_LOAD_LOG") is { Length: > 0 } level)
        {
            // Diagnostics only: logs go to stderr so they never mix with the driver's stdout protocol.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(Enum.Parse<LogLevel>(level));
        }
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IRelayObserver>(observer);
        builder.Services.AddRealtimeVoiceAgent(o =>
        {
            o.Endpoint = modelEndpoint;
            o.ApiKey = "load-test";
        }).AddAgent<LoadAgent>();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapVoiceAgent("/ws", configure: o =>
        {
            o.MaxConcurrentCalls = 100_000;
            o.ConnectionsPerIpPerWindow = 0;
            o.AudioBurst = audioBurst;
        });
        await app.StartAsync();
        Console.WriteLine("LISTENING " + app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");

        using var sampler = Environment.GetEnvironmentVariable("RELAY_LOAD_ALLOCS") is { Length: > 0 } ? new AllocationSampler() : null;
        var mark = Snapshot.Take();
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            switch (line.Trim())
            {
                case "mark":
                    inbound.Reset();
                    outbound.Reset();
                    modelSend.Reset();
                    sampler?.Reset();
                    mark = Snapshot.Take();
                    Console.WriteLine("MARKED");
                    break;
                case "report":
                    var now = Snapshot.Take();
                    if (sampler is not null)
                    {
                        Console.Error.WriteLine("Allocation samples by type (GC allocation ticks):" + Environment.NewLine + sampler.Top(25));
                    }

                    var messages = inbound.Count + outbound.Count;
                    var perMessage = (double)Math.Max(1, messages);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"REPORT active={observer.ActiveCalls} peak={observer.PeakActiveCalls} seconds={(now.Elapsed - mark.Elapsed).TotalSeconds:F1} " +
                        $"in={inbound.Count} out={outbound.Count} " +
                        $"inP50us={inbound.GetQuantile(0.50).TotalMicroseconds:F0} inP99us={inbound.GetQuantile(0.99).TotalMicroseconds:F0} " +
                        $"outP50us={outbound.GetQuantile(0.50).TotalMicroseconds:F0} outP99us={outbound.GetQuantile(0.99).TotalMicroseconds:F0} " +
                        $"sendP50us={modelSend.GetQuantile(0.50).TotalMicroseconds:F0} sendP99us={modelSend.GetQuantile(0.99).TotalMicroseconds:F0} " +
                        $"cpuMs={(now.Cpu - mark.Cpu).TotalMilliseconds:F0} cpuUsPerMsg={(now.Cpu - mark.Cpu).TotalMicroseconds / perMessage:F1} " +
                        $"bytesPerMsg={(now.Allocated - mark.Allocated) / perMessage:F0} " +
                        $"gen0={now.Gen0 - mark.Gen0} gen1={now.Gen1 - mark.Gen1} gen2={now.Gen2 - mark.Gen2} " +
                        $"workingSetMB={Environment.WorkingSet / (1024.0 * 1024):F0} ended={observer.EndedCalls.Count}"));
                    break;
                case "exit":
                    await app.StopAsync();
                    return 0;
            }
        }

        return 0;
    }

    private readonly record struct Snapshot(TimeSpan Elapsed, TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2)
    {
        private static readonly Stopwatch s_clock = Stopwatch.StartNew();

        public static Snapshot Take() => new(
            s_clock.Elapsed,
            Process.GetCurrentProcess().TotalProcessorTime,
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }
}
