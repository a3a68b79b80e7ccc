using System.Text.Json;

namespace RealtimeVoiceAgent.Events;

/// <summary><c>session.created</c>: the full effective session configuration.</summary>
public sealed class RealtimeServerEventSessionCreated : RealtimeServerEvent
{
    /// <summary>The wire <c>type</c> of this event.</summary>
    public const string EventType = "session.created";

    internal RealtimeServerEventSessionCreated()
        : base(EventType)
    {
    }

    /// <summary>The session id, e.g. <c>sess_…</c>.</summary>
    public string? SessionId { get; internal init; }

    /// <summary>The model serving the session.</summary>
    public string? Model { get; internal init; }

    /// <summary>The instructions in force.</summary>
    public string? Instructions { get; internal init; }

    /// <summary>The output voice in force, when set.</summary>
    public RealtimeVoice? Voice { get; internal init; }

    /// <summary>The whole <c>session</c> object as sent by the service (a detached copy, safe to keep).</summary>
    public JsonElement Session { get; internal init; }
}
