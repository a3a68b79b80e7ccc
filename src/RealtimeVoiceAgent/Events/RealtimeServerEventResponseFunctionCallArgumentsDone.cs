namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.function_call_arguments.done</c>: The complete arguments of a function call.</summary>
public sealed class RealtimeServerEventResponseFunctionCallArgumentsDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.function_call_arguments.done";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseFunctionCallArgumentsDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The item id.</summary>
    public string? ItemId { get; init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; init; }

    /// <summary>The call id.</summary>
    public string? CallId { get; init; }

    /// <summary>The function name.</summary>
    public string? Name { get; init; }

    /// <summary>The complete JSON arguments.</summary>
    public string Arguments { get; init; } = string.Empty;
}
