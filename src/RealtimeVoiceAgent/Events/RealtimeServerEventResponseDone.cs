namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.done</c>: A response ended (always sent, whatever the outcome).</summary>
public sealed class RealtimeServerEventResponseDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.done";

    internal RealtimeServerEventResponseDone()
        : base(EventType)
    {
    }

    /// <summary>The final response with status, usage and output items.</summary>
    public RealtimeResponse Response { get; internal init; } = new RealtimeResponse();
}
