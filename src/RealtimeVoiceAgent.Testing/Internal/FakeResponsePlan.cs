using System.Collections.Generic;

namespace RealtimeVoiceAgent.Testing.Internal;

internal sealed class FakeResponsePlan
{
    public List<FakeResponseStep> Steps { get; } = new();
}
