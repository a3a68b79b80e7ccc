using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Tests.Fuzz;

/// <summary>
/// A caller for fuzzing (a browser, or Twilio's side of a phone call): a raw <see cref="ClientWebSocket"/> the test sends
/// anything on, and a loop that reads everything the server sends (JSON and binary), records each browser <c>error</c>
/// and <c>ready</c>, and answers the server's close frame at once.
/// </summary>
internal sealed class FuzzCaller : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<(string? Code, string? Data)> _errors = new();
    private readonly List<(string Data, TaskCompletionSource Seen)> _awaited = new();

    public WebSocket Socket => _socket;

    /// <summary>Completes with the server's close status (null when the connection dropped without one) once the call is closed.</summary>
    public Task<WebSocketCloseStatus?> Closed { get; private set; } = null!;

    /// <summary>Every <c>error</c> the server sent: its code and data.</summary>
    public IReadOnlyCollection<(string? Code, string? Data)> Errors => _errors;

    public static async Task<FuzzCaller> ConnectAsync(Uri uri, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        var caller = new FuzzCaller();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            caller._socket.Options.SetRequestHeader(name, value);
        }

        await caller._socket.ConnectAsync(uri, cancellationToken);
        caller.Closed = caller.ReceiveAllAsync();
        return caller;
    }

    /// <summary>Waits for <c>ready</c>; false when the call closed first.</summary>
    public async Task<bool> WaitForReadyAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(_ready.Task, Closed).WaitAsync(cancellationToken);
        return _ready.Task.IsCompleted;
    }

    /// <summary>Waits until an <c>error</c> whose data contains <paramref name="data"/> arrives (true) or the call closes (false).</summary>
    public async Task<bool> WaitForErrorContainingAsync(string data, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
        {
            _awaited.Add((data, seen));
            foreach (var (_, d) in _errors)
            {
                if (d?.Contains(data, StringComparison.Ordinal) == true)
                {
                    return true;
                }
            }
        }

        await Task.WhenAny(seen.Task, Closed).WaitAsync(cancellationToken);
        return seen.Task.IsCompleted;
    }

    /// <summary>Sends text; false when the connection is no longer there to take it.</summary>
    public async Task<bool> TrySendTextAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Hangs up (a normal close) unless the server closed first, and waits until the call is closed.</summary>
    public async Task<WebSocketCloseStatus?> HangUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The server closed or dropped it meanwhile.
        }

        return await Closed.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (Closed is not null)
        {
            await Closed;
        }

        _socket.Dispose();
    }

    private async Task<WebSocketCloseStatus?> ReceiveAllAsync()
    {
        try
        {
            var buffer = new byte[256 * 1024];
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await AnswerCloseAsync();
                    return _socket.CloseStatus;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    OnJson(buffer.AsSpan(0, count));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return _socket.CloseStatus;
        }
    }

    private void OnJson(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null; // Twilio's messages have an "event" instead
        if (type == "ready")
        {
            _ready.TrySetResult();
        }
        else if (type == "error")
        {
            var code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            lock (_awaited)
            {
                _errors.Enqueue((code, data));
                foreach (var (awaited, seen) in _awaited)
                {
                    if (data?.Contains(awaited, StringComparison.Ordinal) == true)
                    {
                        seen.TrySetResult();
                    }
                }
            }
        }
    }

    // A browser answers the server's close frame at once, which lets the server end the call without its close timeout.
    private async Task AnswerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The server dropped the connection right after its close frame.
        }
    }
}
