using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Tests.Endpoint;

/// <summary>A scripted browser: connects to /ws, sends caller messages, and reads server messages in order.</summary>
public sealed class TestCaller : IAsyncDisposable
{
    private static readonly TimeSpan s_safetyTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1024 * 1024];

    public WebSocket Socket => _socket;

    /// <summary>Binary audio frames received (binary mode), in order.</summary>
    public List<byte[]> BinaryFrames { get; } = new();

    /// <summary>Every JSON message received, in order.</summary>
    public List<JsonElement> Messages { get; } = new();

    public static async Task<TestCaller> ConnectAsync(Uri uri, string? origin = null)
    {
        var caller = new TestCaller();
        if (origin is not null)
        {
            caller._socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(s_safetyTimeout);
        await caller._socket.ConnectAsync(uri, cts.Token);
        return caller;
    }

    public Task SendJsonAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] frame) =>
        _socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);

    public Task SendAudioChunkAsync(ReadOnlySpan<byte> pcm24k) =>
        SendJsonAsync("{\"type\":\"audio_chunk\",\"data\":\"" + Convert.ToBase64String(pcm24k) + "\"}");

    /// <summary>Reads messages until one of <paramref name="type"/> arrives; returns it. Throws if the socket closes first.</summary>
    public async Task<JsonElement> WaitForAsync(string type)
    {
        while (true)
        {
            var message = await ReceiveJsonAsync() ?? throw new InvalidOperationException(
                $"The call closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) before '{type}'. Got: {Describe()}");
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the server closes; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync()
    {
        try
        {
            while (await ReceiveJsonAsync() is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            // Aborted rather than closed.
        }

        return _socket.CloseStatus;
    }

    /// <summary>The next JSON message (binary frames are collected on the way), or null when the server closed.</summary>
    public async Task<JsonElement?> ReceiveJsonAsync()
    {
        using var cts = new CancellationTokenSource(s_safetyTimeout);
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cts.Token);
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await AnswerCloseAsync(cts.Token);
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                BinaryFrames.Add(_buffer.AsSpan(0, count).ToArray());
                continue;
            }

            var element = JsonDocument.Parse(_buffer.AsMemory(0, count)).RootElement.Clone();
            Messages.Add(element);
            return element;
        }
    }

    public string Describe() => string.Join(", ", Messages.ConvertAll(m => m.GetProperty("type").GetString()));

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }

    // A browser answers the server's close frame at once, which completes the close handshake: the server then ends the
    // call without waiting out its close timeout (which may run on a fake clock that never gets there).
    private async Task AnswerCloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
        catch (WebSocketException)
        {
            // The server dropped the connection right after its close frame (a refused call).
        }
    }
}
