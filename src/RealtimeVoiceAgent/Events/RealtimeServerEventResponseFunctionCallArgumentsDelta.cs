namespace RealtimeVoiceAgent.Events;

/// <summary><c>response.function_call_arguments.delta</c>: Part of the JSON arguments of a function call.</summary>
public sealed class RealtimeServerEventResponseFunctionCallArgumentsDelta : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "response.function_call_arguments.delta";

    internal RealtimeServerEventResponseFunctionCallArgumentsDelta()
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

    /// <summary>The JSON fragment.</summary>
    public string Delta { get; internal init; } = string.Empty;
}
