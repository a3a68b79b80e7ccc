using System.Collections.Generic;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>The figures of one target in one round, by key (see <see cref="WholeProcessReport"/> for the keys), and what went wrong.</summary>
internal sealed record TargetResult(RelayTarget Target, IReadOnlyDictionary<string, double> Figures, string GcDetail, IReadOnlyList<string> Failures);
