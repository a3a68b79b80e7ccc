namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.function_call_arguments.done</c>: The complete arguments of a function call.</summary>
public sealed class RealtimeServerEventResponseFunctionCallArgumentsDone : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.function_call_arguments.done";

    internal RealtimeServerEventResponseFunctionCallArgumentsDone()
        : base(EventType)
    {
    }

    /// <summary>The response id.</summary>
    public string? ResponseId { get; internal init; }

    /// <summary>The item id.</summary>
    public string? ItemId { get; internal init; }

    /// <summary>The index of the item in the response output.</summary>
    public int OutputIndex { get; internal init; }

    /// <summary>The call id.</summary>
    public string? CallId { get; internal init; }

    /// <summary>The function name.</summary>
    public string? Name { get; internal init; }

    /// <summary>The complete JSON arguments.</summary>
    public string Arguments { get; internal init; } = string.Empty;
}
