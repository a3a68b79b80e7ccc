using System;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>Describes one scripted model response: spoken messages and function calls, streamed in order.</summary>
public class FakeResponseBuilder
{
    internal FakeResponseBuilder(FakeResponsePlan plan)
    {
        Plan = plan;
    }

    internal FakeResponsePlan Plan { get; }

    /// <summary>The model speaks: an assistant audio message with audio deltas (a quiet tone) and transcript deltas.</summary>
    /// <param name="transcript">What the model "says"; streamed word by word as transcript deltas.</param>
    /// <param name="audioDuration">Length of the generated audio, in the session's output format (PCM16 24 kHz, or G.711 μ-law/A-law at 8 kHz); default 300 ms, sent as 100 ms deltas.</param>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder Say(string transcript, TimeSpan? audioDuration = null)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        int milliseconds = (int)(audioDuration ?? TimeSpan.FromMilliseconds(300)).TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliseconds, nameof(audioDuration));
        Plan.Steps.Add(new FakeResponseStep.Speak(transcript, milliseconds));
        return this;
    }

    /// <summary>
    /// The model calls a function. The script then waits for the client's <c>function_call_output</c> and <c>response.create</c>:
    /// the next response plays on <c>response.create</c> and starts streaming only once every call has its output.
    /// </summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as JSON text, streamed in two argument deltas.</param>
    /// <param name="callId">The call id; generated (<c>call_001</c>, …) when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder CallFunction(string name, string argumentsJson, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        Plan.Steps.Add(new FakeResponseStep.Call(name, argumentsJson, callId));
        return this;
    }

    /// <summary>
    /// Drops the TCP connection (no close frame) at this point of the response, as when the network fails: after a
    /// <see cref="CallFunction"/> it drops after the function call was sent and before its output arrives. The response
    /// never finishes; the script's later steps are not played.
    /// </summary>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder DropConnection()
    {
        Plan.Steps.Add(new FakeResponseStep.Fault(FakeResponseStep.FaultKind.Drop));
        return this;
    }

    /// <summary>
    /// The model starts speaking and the connection drops mid-audio: an assistant audio message whose first
    /// <paramref name="audioBeforeDrop"/> of audio (and the matching transcript deltas) are sent before the TCP connection
    /// is dropped. The item, its transcript and the response never finish.
    /// </summary>
    /// <param name="transcript">What the model would have said.</param>
    /// <param name="audioBeforeDrop">How much audio is sent before the drop (at least 100 ms; sent as 100 ms deltas).</param>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder DropConnectionMidSpeech(string transcript, TimeSpan audioBeforeDrop)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        int milliseconds = (int)audioBeforeDrop.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, 100, nameof(audioBeforeDrop));
        Plan.Steps.Add(new FakeResponseStep.Speak(transcript, milliseconds * 2, DropAfterMs: milliseconds));
        return this;
    }

    /// <summary>
    /// The service's session limit at this point of the response: an <c>error</c> with code <c>session_expired</c>
    /// ("Your session hit the maximum duration of 60 minutes."), then a close with status 1001 (going away). The response
    /// never finishes.
    /// </summary>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder ExpireSession()
    {
        Plan.Steps.Add(new FakeResponseStep.Fault(FakeResponseStep.FaultKind.ExpireSession));
        return this;
    }

    /// <summary>Keeps the response active (before <c>response.done</c>) until <paramref name="release"/> completes, e.g. to test barge-in or <c>conversation_already_has_active_response</c>.</summary>
    /// <param name="release">A task the test completes to let the response finish.</param>
    /// <returns>This builder.</returns>
    public FakeResponseBuilder HoldUntil(Task release)
    {
        ArgumentNullException.ThrowIfNull(release);
        Plan.Steps.Add(new FakeResponseStep.Hold(release));
        return this;
    }
}
