using BenchmarkDotNet.Running;
using RealtimeVoiceAgent.Benchmarks.Load;

// "load" (and its child "load-relay") is the relay load driver (Load/); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is "load" or "load-relay")
{
    return await LoadCommand.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
