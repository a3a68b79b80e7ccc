namespace RealtimeVoiceAgent.Events;

/// <summary>An event the SDK does not model (new or rarely used event types); never an exception.</summary>
public sealed class RealtimeServerEventUnknown : RealtimeServerEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="type">The wire <c>type</c> (empty when the message had none).</param>
    /// <param name="rawJson">The whole message.</param>
    public RealtimeServerEventUnknown(string type, string rawJson)
        : base(type)
    {
        RawJson = rawJson;
    }

    /// <summary>The whole message as received.</summary>
    public string RawJson { get; }
}
