using System;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>
/// Describes one caller turn: what the caller "said" (the fake has no ASR, so the transcript comes from here) and the model's
/// answer. The <see cref="FakeResponseBuilder.Say"/>/<see cref="FakeResponseBuilder.CallFunction"/> steps form the response
/// created when the caller stops speaking; <see cref="Then"/> adds follow-up responses played on later <c>response.create</c>s
/// (typically after a function call has been answered).
/// </summary>
public sealed class FakeTurnBuilder : FakeResponseBuilder
{
    internal FakeTurnBuilder(FakeTurnPlan turn)
        : base(turn.Responses[0])
    {
        Turn = turn;
    }

    internal FakeTurnPlan Turn { get; }

    /// <summary>The caller's words, sent as input transcription delta/completed events when the session enables <c>audio.input.transcription</c>.</summary>
    /// <param name="text">The transcript.</param>
    /// <returns>This builder.</returns>
    public FakeTurnBuilder Transcript(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Turn.Transcript = text;
        return this;
    }

    /// <summary>Adds a follow-up response, played on the next client <c>response.create</c> after this turn's response.</summary>
    /// <param name="response">Describes the follow-up.</param>
    /// <returns>This builder.</returns>
    public FakeTurnBuilder Then(Action<FakeResponseBuilder> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var plan = new FakeResponsePlan();
        response(new FakeResponseBuilder(plan));
        Turn.Responses.Add(plan);
        return this;
    }

    /// <summary>Shorthand for <c>Then(r =&gt; r.Say(transcript))</c>: what the model says after the function output.</summary>
    /// <param name="transcript">What the model says.</param>
    /// <returns>This builder.</returns>
    public FakeTurnBuilder ThenSay(string transcript) => Then(r => r.Say(transcript));

    /// <summary>Adds a step to this turn's first response (fluent chaining keeps the turn builder type).</summary>
    /// <param name="transcript">What the model says.</param>
    /// <param name="audioDuration">Length of the generated audio.</param>
    /// <returns>This builder.</returns>
    public new FakeTurnBuilder Say(string transcript, TimeSpan? audioDuration = null)
    {
        base.Say(transcript, audioDuration);
        return this;
    }

    /// <summary>Adds a function call to this turn's first response.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="argumentsJson">The arguments as JSON text.</param>
    /// <param name="callId">The call id, or <see langword="null"/> to generate one.</param>
    /// <returns>This builder.</returns>
    public new FakeTurnBuilder CallFunction(string name, string argumentsJson, string? callId = null)
    {
        base.CallFunction(name, argumentsJson, callId);
        return this;
    }

    /// <summary>Keeps this turn's first response active until <paramref name="release"/> completes.</summary>
    /// <param name="release">A task the test completes to let the response finish.</param>
    /// <returns>This builder.</returns>
    public new FakeTurnBuilder HoldUntil(System.Threading.Tasks.Task release)
    {
        base.HoldUntil(release);
        return this;
    }
}
