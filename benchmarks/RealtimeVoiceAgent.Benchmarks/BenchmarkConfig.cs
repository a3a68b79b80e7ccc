using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Validators;

namespace RealtimeVoiceAgent.Benchmarks;

/// <summary>
/// Shared by every benchmark class: allocations are part of the contract (0 B per op on the audio path), and a
/// Debug build or a JIT-optimisation-less run fails instead of producing meaningless figures. No job is set here,
/// so the command line (<c>--job short</c>, <c>--job dry</c>, <c>--smoke</c>) picks it. Median and Min sit next to the
/// Mean because this machine is shared: other tenants' bursts inflate the mean of a short run, the minimum shows what
/// the code costs when it has the core.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddValidator(JitOptimizationsValidator.FailOnError);
        AddValidator(ExecutionValidator.FailOnError);
    }
}
