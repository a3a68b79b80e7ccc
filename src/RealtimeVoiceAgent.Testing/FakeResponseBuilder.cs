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
