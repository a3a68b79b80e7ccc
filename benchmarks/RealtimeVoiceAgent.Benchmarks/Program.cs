using System;
using System.Linq;
using BenchmarkDotNet.Running;

// Full run:   dotnet run -c Release --project benchmarks/RealtimeVoiceAgent.Benchmarks -- --filter '*'
// CI smoke:   dotnet run -c Release --project benchmarks/RealtimeVoiceAgent.Benchmarks -- --smoke --filter '*'
//             (--smoke is BenchmarkDotNet's Dry job: one invocation per case, proves every benchmark runs, no figures)
// Shared box: add --job short for figures in a few seconds per case (see docs/benchmarks.md).
string[] arguments = args.Contains("--smoke", StringComparer.Ordinal)
    ? args.Where(a => a != "--smoke").Concat(["--job", "dry"]).ToArray()
    : args;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
