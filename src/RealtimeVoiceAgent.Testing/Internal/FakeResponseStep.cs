using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

internal abstract record FakeResponseStep
{
    public enum FaultKind
    {
        // The TCP connection drops without a close frame.
        Drop,

        // error session_expired, then close 1001.
        ExpireSession,
    }

    // DropAfterMs: the connection drops once this much of the audio was sent (null: the whole message is spoken).
    public sealed record Speak(string Transcript, int AudioMs, int? DropAfterMs = null) : FakeResponseStep;

    public sealed record Call(string Name, string ArgumentsJson, string? CallId) : FakeResponseStep;

    public sealed record Hold(Task Release) : FakeResponseStep;

    public sealed record Fault(FaultKind Kind) : FakeResponseStep;
}
