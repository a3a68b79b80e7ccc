using System;
using System.Linq;
using BenchmarkDotNet.Running;
using RealtimeVoiceAgent.Benchmarks.Contacts;
using RealtimeVoiceAgent.Benchmarks.Load;
using RealtimeVoiceAgent.Benchmarks.Soak;
using RealtimeVoiceAgent.Benchmarks.WholeProcess;

// "load" (and its child "load-relay") is the relay load driver (Load/); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is "load" or "load-relay")
{
    return await LoadCommand.RunAsync(args);
}

// "contacts" seeds a SQLite contact store (default 1,000,000 contacts) and times search and paging (Contacts/).
if (args.Length > 0 && args[0] == "contacts")
{
    return await ContactSearchCommand.RunAsync(args);
}

// "whole-process" starts the sample host and the seed-style Node relay as processes and loads both (WholeProcess/).
if (args.Length > 0 && args[0] == "whole-process")
{
    return await WholeProcessCommand.RunAsync(args);
}

// "soak" holds calls coming and going against the sample host for a long time and checks RSS, handles and threads stay flat (Soak/).
if (args.Length > 0 && args[0] == "soak")
{
    return await SoakCommand.RunAsync(args);
}

// Full run:   dotnet run -c Release --project benchmarks/RealtimeVoiceAgent.Benchmarks -- --filter '*'
// CI smoke:   dotnet run -c Release --project benchmarks/RealtimeVoiceAgent.Benchmarks -- --smoke --filter '*'
//             (--smoke is BenchmarkDotNet's Dry job: one invocation per case, proves every benchmark runs, no figures)
// Shared box: add --job short for figures in a few seconds per case (see docs/benchmarks.md).
string[] arguments = args.Contains("--smoke", StringComparer.Ordinal)
    ? args.Where(a => a != "--smoke").Concat(["--job", "dry"]).ToArray()
    : args;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
return 0;
