using Xunit;

namespace RealtimeVoiceAgent.Tests.Realtime;

/// <summary>Runs allocation measurements alone: the process-wide counter would otherwise count other tests' garbage.</summary>
[CollectionDefinition(nameof(AllocationMeasurementCollection), DisableParallelization = true)]
public sealed class AllocationMeasurementCollection
{
}
