using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace RealtimeVoiceAgent.Tests.Realtime;

/// <summary>
/// A minimal WebSocket server on a raw loopback socket that allocates nothing per message, for process-wide
/// allocation measurements of the client (the test suite's allocation tests and the session benchmarks, which link
/// this file). <c>/sink</c> counts the messages it receives; <c>/source</c> streams one prebuilt text message for ever
/// (paced by TCP flow control). Every connection may first get one greeting message (e.g. <c>session.created</c>).
/// Both answer a close frame with a close frame.
/// </summary>
internal sealed class RawWebSocketServer : IAsyncDisposable, IValueTaskSource
{
    private readonly Socket _listener;
    private readonly byte[] _frame;
    private readonly byte[]? _greetingFrame;
    private readonly CancellationTokenSource _stop = new();
    private long _received;
    private long _target = long.MaxValue;
    // Continuations run inline on the server's read loop: queueing them to the thread pool would allocate a work item.
    private ManualResetValueTaskSourceCore<bool> _reached = new() { RunContinuationsAsynchronously = false };

    private RawWebSocketServer(Socket listener, byte[] message, byte[]? greeting)
    {
        _listener = listener;
        _frame = TextFrame(message);
        _greetingFrame = greeting is null ? null : TextFrame(greeting);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        SinkEndpoint = new Uri($"ws://127.0.0.1:{port}/sink/v1/realtime");
        SourceEndpoint = new Uri($"ws://127.0.0.1:{port}/source/v1/realtime");
    }

    public Uri SinkEndpoint { get; }

    public Uri SourceEndpoint { get; }

    public long ReceivedCount => Interlocked.Read(ref _received);

    /// <summary>Starts the server; <paramref name="message"/> (at most 65535 bytes) is what <c>/source</c> streams.</summary>
    /// <param name="message">The message <c>/source</c> streams.</param>
    /// <param name="greeting">Sent once on every connection before anything else (at most 65535 bytes), or <see langword="null"/>.</param>
    public static Task<RawWebSocketServer> StartAsync(byte[] message, byte[]? greeting = null)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var server = new RawWebSocketServer(listener, message, greeting);
        _ = server.AcceptLoopAsync();
        return Task.FromResult(server);
    }

    /// <summary>Completes once the sink has received <paramref name="target"/> messages in total. One waiter at a time; allocates nothing.</summary>
    public ValueTask WaitForReceivedAsync(long target)
    {
        _reached.Reset();
        Interlocked.Exchange(ref _target, target);
        if (ReceivedCount >= target)
        {
            Signal();
        }

        return new ValueTask(this, _reached.Version);
    }

    void IValueTaskSource.GetResult(short token) => _reached.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _reached.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reached.OnCompleted(continuation, state, token, flags);

    // Exactly one of the racing callers (waiter, read loop) completes the wait.
    private void Signal()
    {
        if (Interlocked.Exchange(ref _target, long.MaxValue) != long.MaxValue)
        {
            _reached.SetResult(true);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket connection = await _listener.AcceptAsync(_stop.Token);
                _ = HandleAsync(connection);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task HandleAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                string request = await ReadRequestAsync(connection);
                string key = HeaderValue(request, "Sec-WebSocket-Key");
                string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                await SendAllAsync(connection, Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
                if (_greetingFrame is not null)
                {
                    await SendAllAsync(connection, _greetingFrame);
                }

                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                bool isSource = request.StartsWith("GET /source", StringComparison.Ordinal);
                Task reading = ReadFramesAsync(connection, count: !isSource, closed);
                if (isSource)
                {
                    // Awaits the socket directly (this method's state machine is allocated once, not per message) and with
                    // no cancellation token (a registration per pending operation would allocate); the client closes first.
                    ReadOnlyMemory<byte> frame = _frame;
                    while (!closed.Task.IsCompleted && !_stop.IsCancellationRequested)
                    {
                        ReadOnlyMemory<byte> rest = frame;
                        while (!rest.IsEmpty)
                        {
                            rest = rest[await connection.SendAsync(rest, SocketFlags.None)..];
                        }
                    }
                }

                await reading;
                if (closed.Task.IsCompleted)
                {
                    await SendAllAsync(connection, new byte[] { 0x88, 0x02, 0x03, 0xE8 }); // close 1000
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Client or server gone.
            }
        }
    }

    // Parses the client's (masked) frames and counts complete data messages; completes `closed` on a close frame.
    private async Task ReadFramesAsync(Socket connection, bool count, TaskCompletionSource closed)
    {
        byte[] buffer = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        long skip = 0;
        while (true)
        {
            int read = await connection.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
            if (read == 0)
            {
                closed.TrySetResult();
                return;
            }

            end += read;
            while (true)
            {
                long skipped = Math.Min(skip, end - start);
                start += (int)skipped;
                skip -= skipped;
                if (skip > 0 || end - start < 2)
                {
                    break;
                }

                byte b0 = buffer[start];
                int length7 = buffer[start + 1] & 0x7F;
                int header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((buffer[start + 1] & 0x80) != 0 ? 4 : 0);
                if (end - start < header)
                {
                    break;
                }

                long length = length7 switch
                {
                    126 => (buffer[start + 2] << 8) | buffer[start + 3],
                    127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(start + 2)),
                    _ => length7,
                };
                start += header;
                skip = length;
                int opcode = b0 & 0x0F;
                if (opcode == 0x8)
                {
                    closed.TrySetResult();
                    return;
                }

                if ((b0 & 0x80) != 0 && opcode is 0x0 or 0x1 or 0x2 && count
                    && Interlocked.Increment(ref _received) >= Interlocked.Read(ref _target))
                {
                    Signal();
                }
            }

            // Keep a partial header at the front of the buffer.
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    // One unmasked, final text frame (server to client) with a 16-bit length.
    private static byte[] TextFrame(byte[] message)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, ushort.MaxValue);
        byte[] frame = new byte[4 + message.Length];
        frame[0] = 0x81; // FIN + text
        frame[1] = 126; // 16-bit length follows
        frame[2] = (byte)(message.Length >> 8);
        frame[3] = (byte)message.Length;
        message.CopyTo(frame, 4);
        return frame;
    }

    private static async Task<string> ReadRequestAsync(Socket connection)
    {
        byte[] buffer = new byte[8192];
        int length = 0;
        while (true)
        {
            int read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            length += read;
            string text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }

    private static string HeaderValue(string request, string name)
    {
        foreach (string line in request.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"The request has no {name} header.");
    }

    private async ValueTask SendAllAsync(Socket connection, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int sent = await connection.SendAsync(data, SocketFlags.None, _stop.Token);
            data = data[sent..];
        }
    }
}
