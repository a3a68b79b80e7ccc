using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

internal abstract record FakeResponseStep
{
    public sealed record Speak(string Transcript, int AudioMs) : FakeResponseStep;

    public sealed record Call(string Name, string ArgumentsJson, string? CallId) : FakeResponseStep;

    public sealed record Hold(Task Release) : FakeResponseStep;
}
