using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Testing.Tests;

/// <summary>A bare WebSocket client that sends arbitrary JSON, to feed the fake what the SDK would never send.</summary>
internal sealed class RawRealtimeSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationToken _cancellationToken;

    private RawRealtimeSocket(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
    }

    public WebSocket Socket => _socket;

    public static async Task<RawRealtimeSocket> ConnectAsync(Uri endpoint, CancellationToken cancellationToken, string? betaHeader = null)
    {
        var raw = new RawRealtimeSocket(cancellationToken);
        if (betaHeader is not null)
        {
            raw._socket.Options.SetRequestHeader("OpenAI-Beta", betaHeader);
        }

        await raw._socket.ConnectAsync(endpoint, cancellationToken);
        return raw;
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, _cancellationToken);

    /// <summary>The next server event, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, _cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        using JsonDocument document = JsonDocument.Parse(message.ToArray());
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> NextAsync(string type)
    {
        while (true)
        {
            JsonElement e = await ReceiveAsync() ?? throw new InvalidOperationException($"Closed while waiting for {type}.");
            if (e.GetProperty("type").GetString() == type)
            {
                return e;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}
