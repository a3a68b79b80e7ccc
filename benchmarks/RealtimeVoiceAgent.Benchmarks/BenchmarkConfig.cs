using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Validators;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// Shared by every benchmark class: allocations are part of the contract (0 B per op on the audio path), and a
/// Debug build or a JIT-optimisation-less run fails instead of producing meaningless figures. No job is set here,
/// so the command line (<c>--job short</c>, <c>--job dry</c>, <c>--smoke</c>) picks it.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddValidator(JitOptimizationsValidator.FailOnError);
        AddValidator(ExecutionValidator.FailOnError);
    }
}
