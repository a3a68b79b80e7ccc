using System;
using System.Collections.Generic;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>
/// What the fake model does. Three queues, consumed in order:
/// responses (played on each client <c>response.create</c>), caller turns (played each time speech is detected in the appended audio,
/// or on <c>input_audio_buffer.commit</c> without turn detection) and typed turns (played each time the client adds a user text
/// message, <c>conversation.item.create</c> with <c>input_text</c>).
/// </summary>
/// <remarks>
/// <para>When the caller stops speaking and turn detection has <c>create_response</c> (the default), the turn's response plays at once;
/// its <see cref="FakeTurnBuilder.Then"/> follow-ups move to the front of the response queue, so they answer the client's next
/// <c>response.create</c> (sent after the <c>function_call_output</c>).</para>
/// <para>With no turn scripted, detected speech has an empty transcript and its automatic response (if any) is the next
/// queued response. With no response queued, a response completes with no output.</para>
/// <para>A typed turn (<see cref="AfterUserText"/>) starts no response by itself, as with the service: its responses move to
/// the front of the response queue and answer the client's next <c>response.create</c>s.</para>
/// <para>Thread-safe; script before or during the session.</para>
/// </remarks>
/// <example>
/// <code>
/// server.Script
///     .OnResponseCreate(r =&gt; r.Say("Hi! What's your name?"))
///     .AfterSpeech(turn =&gt; turn.Transcript("my name is Ada")
///         .CallFunction("save_contact", "{\"name\":\"Ada\"}")
///         .ThenSay("Thanks Ada, I saved your details."));
/// </code>
/// </example>
public sealed class FakeRealtimeScript
{
    private readonly object _gate = new();
    private readonly List<FakeResponsePlan> _responses = new();
    private readonly Queue<FakeTurnPlan> _turns = new();
    private readonly Queue<FakeTurnPlan> _textTurns = new();
    private readonly Queue<FakeTurnPlan> _systemTurns = new();

    internal FakeRealtimeScript()
    {
    }

    /// <summary>Queues a response for the next client <c>response.create</c> (e.g. the greeting).</summary>
    /// <param name="response">Describes the response.</param>
    /// <returns>This script, for chaining.</returns>
    public FakeRealtimeScript OnResponseCreate(Action<FakeResponseBuilder> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var plan = new FakeResponsePlan();
        response(new FakeResponseBuilder(plan));
        lock (_gate)
        {
            _responses.Add(plan);
        }

        return this;
    }

    /// <summary>Queues a caller turn, played the next time the fake detects speech followed by silence in the appended audio.</summary>
    /// <param name="turn">Describes the transcript and the model's answer.</param>
    /// <returns>This script, for chaining.</returns>
    public FakeRealtimeScript AfterSpeech(Action<FakeTurnBuilder> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var plan = new FakeTurnPlan();
        turn(new FakeTurnBuilder(plan));
        lock (_gate)
        {
            _turns.Enqueue(plan);
        }

        return this;
    }

    /// <summary>
    /// Queues a typed turn, played the next time the client adds a user text message to the conversation (what a caller typed:
    /// keypad digits, browser text). Its responses answer the client's next <c>response.create</c>s; the text itself is in
    /// <see cref="FakeRealtimeServer.ReceivedEvents"/>. <see cref="FakeTurnBuilder.Transcript"/> has no effect here (typed text is
    /// not transcribed).
    /// </summary>
    /// <param name="turn">Describes the model's answer.</param>
    /// <returns>This script, for chaining.</returns>
    public FakeRealtimeScript AfterUserText(Action<FakeTurnBuilder> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var plan = new FakeTurnPlan();
        turn(new FakeTurnBuilder(plan));
        lock (_gate)
        {
            _textTurns.Enqueue(plan);
        }

        return this;
    }

    /// <summary>
    /// Queues a turn played the next time the client adds a system text message to the conversation (what an agent tells
    /// the model, e.g. a field the caller typed into a form). As with <see cref="AfterUserText"/>, it starts no response by
    /// itself: its responses answer the client's next <c>response.create</c>s.
    /// </summary>
    /// <param name="turn">Describes the model's answer.</param>
    /// <returns>This script, for chaining.</returns>
    public FakeRealtimeScript AfterSystemMessage(Action<FakeTurnBuilder> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var plan = new FakeTurnPlan();
        turn(new FakeTurnBuilder(plan));
        lock (_gate)
        {
            _systemTurns.Enqueue(plan);
        }

        return this;
    }

    internal FakeResponsePlan NextResponse()
    {
        lock (_gate)
        {
            if (_responses.Count == 0)
            {
                return new FakeResponsePlan();
            }

            FakeResponsePlan next = _responses[0];
            _responses.RemoveAt(0);
            return next;
        }
    }

    internal void PushFront(IReadOnlyList<FakeResponsePlan> followUps)
    {
        lock (_gate)
        {
            _responses.InsertRange(0, followUps);
        }
    }

    internal FakeTurnPlan? NextTurn()
    {
        lock (_gate)
        {
            return _turns.Count > 0 ? _turns.Dequeue() : null;
        }
    }

    // A user text message was added: the next typed turn's responses answer the next response.creates.
    internal void OnUserText() => PlayNext(_textTurns);

    // A system text message was added: likewise with the next system turn.
    internal void OnSystemMessage() => PlayNext(_systemTurns);

    private void PlayNext(Queue<FakeTurnPlan> turns)
    {
        lock (_gate)
        {
            if (turns.Count > 0)
            {
                _responses.InsertRange(0, turns.Dequeue().Responses);
            }
        }
    }
}
