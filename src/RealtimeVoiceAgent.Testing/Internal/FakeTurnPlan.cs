using System.Collections.Generic;

namespace RealtimeVoiceAgent.Testing.Internal;

// One caller turn: the transcript of the caller's speech, the response created when speech stops, and follow-ups.
internal sealed class FakeTurnPlan
{
    public FakeTurnPlan()
    {
        Responses.Add(new FakeResponsePlan());
    }

    public string Transcript { get; set; } = string.Empty;

    public List<FakeResponsePlan> Responses { get; } = new();
}
