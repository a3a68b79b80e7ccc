using Xunit;

namespace RealtimeVoiceAgent.AspNetCore.Tests.Fuzz;

/// <summary>The fuzz tests run alone: they count unobserved task exceptions and managed memory, which are process-wide.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection
{
}
