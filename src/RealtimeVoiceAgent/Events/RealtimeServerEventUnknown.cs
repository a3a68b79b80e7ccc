namespace RealtimeVoiceAgent.Events;

/// <summary>An event the SDK does not model (new or rarely used event types); never an exception.</summary>
public sealed class RealtimeServerEventUnknown : RealtimeServerEvent
{
    // type: empty when the message had none.
    internal RealtimeServerEventUnknown(string type, string rawJson)
        : base(type)
    {
        RawJson = rawJson;
    }

    /// <summary>The whole message as received.</summary>
    public string RawJson { get; }
}
