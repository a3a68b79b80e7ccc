using System.Text.Json;

namespace RealtimeVoiceAgent.Testing;

/// <summary>A client event received by <see cref="FakeRealtimeServer"/> or <see cref="FakeLiveServer"/>, recorded for assertions.</summary>
public sealed class FakeClientEvent
{
    internal FakeClientEvent(int connection, string type, string json, string? errorCode)
    {
        Connection = connection;
        Type = type;
        Json = json;
        ErrorCode = errorCode;
    }

    /// <summary>The 1-based number of the connection that sent the event.</summary>
    public int Connection { get; }

    /// <summary>The event's <c>type</c> (empty when missing or not a string).</summary>
    public string Type { get; }

    /// <summary>The raw JSON text exactly as received.</summary>
    public string Json { get; }

    /// <summary>The <c>error.code</c> the fake answered with when it rejected the event (e.g. <c>unknown_parameter</c>), or <see langword="null"/> when the event was accepted.</summary>
    public string? ErrorCode { get; }

    /// <summary>Whether the fake accepted the event.</summary>
    public bool Accepted => ErrorCode is null;

    /// <summary>Parses <see cref="Json"/> (a fresh, detached element per call).</summary>
    /// <returns>The root element.</returns>
    public JsonElement Parse()
    {
        using JsonDocument document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public override string ToString() => ErrorCode is null ? Json : $"{Json} (rejected: {ErrorCode})";
}
