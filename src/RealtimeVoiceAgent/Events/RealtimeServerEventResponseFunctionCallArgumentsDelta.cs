namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.function_call_arguments.delta</c>: Part of the JSON arguments of a function call.</summary>
public sealed class RealtimeServerEventResponseFunctionCallArgumentsDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.function_call_arguments.delta";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventResponseFunctionCallArgumentsDelta()
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

    /// <summary>The JSON fragment.</summary>
    public string Delta { get; init; } = string.Empty;
}
