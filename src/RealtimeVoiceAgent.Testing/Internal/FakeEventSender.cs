using System;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Internal;

// Serializes server events and writes them to the socket. The receive loop, the scripted responses and the test's own
// SendEventAsync all send concurrently, so every write (and the close frame) waits for the one before it. Also numbers
// the ids of the connection: one counter for events, items, calls and responses, so no two ids in a session repeat.
internal sealed class FakeEventSender
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebSocket _socket;
    private readonly CancellationToken _aborted;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _nextId;

    public FakeEventSender(WebSocket socket, CancellationToken aborted)
    {
        _socket = socket;
        _aborted = aborted;
    }

    public string NextId(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _nextId):D4}");

    // The event's id is taken after its fields are evaluated, so ids keep the order in which the events are built.
    public Task SendAsync(string type, params (string Name, JsonNode? Value)[] fields) => WriteAsync(Event(type, fields));

    public Task SendErrorAsync(FakeProtocolError error, string? clientEventId, CancellationToken cancellationToken = default)
    {
        var details = new JsonObject
        {
            ["type"] = error.Type,
            ["code"] = error.Code,
            ["message"] = error.Message,
            ["param"] = error.Param,
            ["event_id"] = clientEventId,
        };
        return WriteAsync(Event("error", ("error", details)), cancellationToken);
    }

    public Task SendRawAsync(string json, CancellationToken cancellationToken = default)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        return WithSendLockAsync(
            async token => await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false),
            cancellationToken);
    }

    public Task SendFrameAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken = default) =>
        WithSendLockAsync(
            async token => await _socket.SendAsync(payload, messageType, endOfMessage, token).ConfigureAwait(false),
            cancellationToken);

    public Task CloseOutputAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken = default) =>
        WithSendLockAsync(async token => await _socket.CloseOutputAsync(status, reason, token).ConfigureAwait(false), cancellationToken);

    private Task WriteAsync(JsonObject e, CancellationToken cancellationToken = default) => SendRawAsync(e.ToJsonString(s_json), cancellationToken);

    private JsonObject Event(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var e = new JsonObject { ["type"] = type, ["event_id"] = NextId("event") };
        foreach ((string name, JsonNode? value) in fields)
        {
            e[name] = value;
        }

        return e;
    }

    // A WebSocket allows one outstanding send; the write gives up when the connection ends or the caller cancels.
    private async Task WithSendLockAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_aborted, cancellationToken);
        await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            await write(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
