using System.Collections.Generic;

namespace RealtimeVoiceAgent.Testing;

/// <summary>A WebSocket handshake request received by <see cref="FakeRealtimeServer"/> or <see cref="FakeLiveServer"/>, for assertions on URL and headers.</summary>
public sealed class FakeRealtimeHandshake
{
    internal FakeRealtimeHandshake(string path, string query, IReadOnlyDictionary<string, string> headers)
    {
        Path = path;
        Query = query;
        Headers = headers;
    }

    /// <summary>The request path, e.g. <c>/v1/realtime</c>.</summary>
    public string Path { get; }

    /// <summary>The query string including <c>?</c>, e.g. <c>?model=gpt-realtime</c>.</summary>
    public string Query { get; }

    /// <summary>The request headers (case-insensitive names; repeated headers joined with commas).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
}
