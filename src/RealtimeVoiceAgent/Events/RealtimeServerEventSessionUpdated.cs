using System.Text.Json;

namespace RealtimeVoiceAgent.Events;

/// <summary><c>session.updated</c>: the full effective session configuration.</summary>
public sealed class RealtimeServerEventSessionUpdated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "session.updated";

    /// <summary>Creates the event (for tests; the session creates them when parsing).</summary>
    public RealtimeServerEventSessionUpdated()
        : base(EventType)
    {
    }

    /// <summary>The session id, e.g. <c>sess_…</c>.</summary>
    public string? SessionId { get; init; }

    /// <summary>The model serving the session.</summary>
    public string? Model { get; init; }

    /// <summary>The instructions in force.</summary>
    public string? Instructions { get; init; }

    /// <summary>The output voice in force, when set.</summary>
    public RealtimeVoice? Voice { get; init; }

    /// <summary>The whole <c>session</c> object as sent by the service (a detached copy, safe to keep).</summary>
    public JsonElement Session { get; init; }
}
