using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Testing.Internal;

namespace RealtimeVoiceAgent.Testing;

/// <summary>
/// A local stand-in for the OpenAI Realtime API (GA protocol): a real WebSocket server (Kestrel on 127.0.0.1, random port)
/// that sends <c>session.created</c>, validates every client event like the real service (answering mistakes with an
/// <c>error</c> event), records them for assertions, and plays a <see cref="Script"/> of greetings, caller turns,
/// speech and function calls. Point <c>RealtimeClientOptions.Endpoint</c> at <see cref="Endpoint"/>; no API key is needed.
/// </summary>
/// <remarks>
/// <para>Audio formats: <c>audio/pcm</c> (24 kHz), <c>audio/pcmu</c> and <c>audio/pcma</c> (G.711 at 8 kHz) are supported both
/// ways: appended audio is read, and the model's audio deltas are written, in the session's format.</para>
/// <para>Speech detection: with turn detection on (the default session uses <c>server_vad</c>), appended audio (G.711 decoded
/// first) is split into 20 ms windows; a window whose RMS reaches <see cref="SpeechRmsThreshold"/> is speech, and speech followed by the
/// session's <c>silence_duration_ms</c> (or <see cref="SemanticVadSilence"/> for <c>semantic_vad</c>) of quiet ends the turn.</para>
/// <para>Methods that act on "the connection" use the most recent one.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await FakeRealtimeServer.StartAsync();
/// server.Script
///     .OnResponseCreate(r =&gt; r.Say("Hello! What's your name?"))
///     .AfterSpeech(turn =&gt; turn.Transcript("my name is Ada").CallFunction("save_contact", "{\"name\":\"Ada\"}").ThenSay("Saved."));
/// var client = new RealtimeClient(new RealtimeClientOptions { Endpoint = server.Endpoint });
/// </code>
/// </example>
public sealed class FakeRealtimeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _gate = new();
    private readonly FakeClientEventLog _events = new();
    private readonly List<FakeRealtimeHandshake> _handshakes = new();
    private readonly List<Task> _connectionTasks = new();
    private FakeRealtimeConnection? _current;
    private int _connections;
    private int _disposed;

    private FakeRealtimeServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The WebSocket endpoint, <c>ws://127.0.0.1:&lt;port&gt;/v1/realtime</c>. Any path ending in <c>/realtime</c> is served.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the fake model says and does; see <see cref="FakeRealtimeScript"/>.</summary>
    public FakeRealtimeScript Script { get; } = new();

    /// <summary>When set, handshakes are answered with this HTTP status (e.g. 401, 403, 404) and an OpenAI-style JSON error body instead of a WebSocket.</summary>
    public HttpStatusCode? RejectHandshakesWith { get; set; }

    /// <summary>When <see langword="true"/>, handshakes are never answered (until the server is disposed), to test connect timeouts.</summary>
    public bool StallHandshakes { get; set; }

    /// <summary>The RMS (of 16-bit samples, 0–32767) from which a 20 ms window counts as speech. Default 500.</summary>
    public double SpeechRmsThreshold { get; set; } = 500;

    /// <summary>The quiet that ends a turn under <c>semantic_vad</c> (server VAD uses the session's <c>silence_duration_ms</c>). Default 500 ms.</summary>
    public TimeSpan SemanticVadSilence { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Every client event received so far (accepted and rejected), in arrival order.</summary>
    public IReadOnlyList<FakeClientEvent> ReceivedEvents
    {
        get
        {
            return _events.Snapshot();
        }
    }

    /// <summary>Every handshake received so far, including rejected ones.</summary>
    public IReadOnlyList<FakeRealtimeHandshake> Handshakes
    {
        get
        {
            lock (_gate)
            {
                return _handshakes.ToArray();
            }
        }
    }

    /// <summary>How many WebSocket sessions were accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Starts a server on 127.0.0.1 with a random free port.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<FakeRealtimeServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // An empty builder: no appsettings.json or environment configuration (a test project's config could otherwise
        // add Kestrel endpoints or logging), only Kestrel on a random loopback port and WebSockets.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeRealtimeServer(app);
        app.UseWebSockets(new WebSocketOptions());
        app.Run(server.HandleRequestAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new Uri(address);
        server.Endpoint = new Uri($"ws://127.0.0.1:{http.Port}/v1/realtime");
        return server;
    }

    /// <summary>Waits until the <paramref name="occurrence"/>-th client event of <paramref name="type"/> has been received (including ones already received).</summary>
    /// <param name="type">The client event type, e.g. <c>conversation.item.create</c>.</param>
    /// <param name="occurrence">Which one, 1-based.</param>
    /// <param name="cancellationToken">Cancels the wait (use a timeout as a safety net).</param>
    /// <returns>The event.</returns>
    public Task<FakeClientEvent> WaitForClientEventAsync(string type, int occurrence = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return WaitForMatchingClientEventAsync(e => e.Type == type, occurrence, cancellationToken);
    }

    /// <summary>Waits until the <paramref name="occurrence"/>-th client event matching <paramref name="match"/> has been received.</summary>
    /// <param name="match">The condition.</param>
    /// <param name="occurrence">Which one, 1-based.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The event.</returns>
    public Task<FakeClientEvent> WaitForMatchingClientEventAsync(Func<FakeClientEvent, bool> match, int occurrence = 1, CancellationToken cancellationToken = default)
    {
        return _events.WaitForAsync(match, occurrence, cancellationToken);
    }

    /// <summary>Sends any server event (raw JSON text) on the connection, e.g. an event type the SDK does not know.</summary>
    /// <param name="json">One JSON object.</param>
    /// <param name="cancellationToken">Cancels the send (a client that stops reading would otherwise block it).</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task SendEventAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Current.SendRawAsync(json, cancellationToken);
    }

    /// <summary>
    /// Sends raw bytes as one WebSocket frame on the connection, for fault and fuzz tests of a client: a binary frame, text
    /// that is not valid UTF-8 or JSON, or one fragment of a message (<paramref name="endOfMessage"/> false) that the next
    /// frames continue or that <see cref="DropConnection"/> leaves unfinished.
    /// </summary>
    /// <param name="payload">The frame's bytes, sent as they are.</param>
    /// <param name="messageType">Text or binary (a continuation frame keeps the type of the message it continues).</param>
    /// <param name="endOfMessage">Whether this frame ends the message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the frame is sent.</returns>
    /// <remarks>The fake's own events (scripted responses, validation errors) may be sent between two fragments of an
    /// unfinished message; a client sees that as a protocol violation, as it would from a broken server.</remarks>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task SendFrameAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken = default) =>
        Current.SendFrameAsync(payload, messageType, endOfMessage, cancellationToken);

    /// <summary>Sends an <c>error</c> event on the connection, as the service does for a rejected client event.</summary>
    /// <param name="code">The error code, e.g. <c>server_error</c>.</param>
    /// <param name="message">The message.</param>
    /// <param name="param">The parameter, or <see langword="null"/>.</param>
    /// <param name="clientEventId">The client event id it refers to, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task SendErrorAsync(string code, string message, string? param = null, string? clientEventId = null, CancellationToken cancellationToken = default) =>
        Current.SendErrorAsync(new FakeProtocolError(code, message, param), clientEventId, cancellationToken);

    /// <summary>Drops the TCP connection without a WebSocket close frame, as when the network fails.</summary>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public void DropConnection() => Current.Abort();

    /// <summary>Closes the connection with a close frame, e.g. <c>1001</c> as at the 60-minute session cap.</summary>
    /// <param name="status">The close status.</param>
    /// <param name="reason">The close reason.</param>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>A task that completes when the close frame is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task CloseConnectionAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken = default) =>
        Current.CloseAsync(status, reason, cancellationToken);

    /// <summary>
    /// The service's session limit (60 minutes) on the connection: an <c>error</c> with code <c>session_expired</c>, then a
    /// close with status 1001 (going away).
    /// </summary>
    /// <param name="cancellationToken">Cancels the sends.</param>
    /// <returns>A task that completes when the close frame is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task ExpireSessionAsync(CancellationToken cancellationToken = default) => Current.ExpireAsync(cancellationToken);

    /// <summary>Stops the server, ending every connection and stalled handshake.</summary>
    /// <returns>A task that completes when Kestrel has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        Task[] connections;
        lock (_gate)
        {
            connections = _connectionTasks.ToArray();
        }

        _events.CancelWaiters();
        await Task.WhenAll(connections).ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    internal void Record(FakeClientEvent clientEvent) => _events.Record(clientEvent);

    private FakeRealtimeConnection Current
    {
        get
        {
            lock (_gate)
            {
                return _current ?? throw new InvalidOperationException("No client is connected to the FakeRealtimeServer.");
            }
        }
    }

    private async Task HandleRequestAsync(HttpContext context)
    {
        if (context.Request.Path.Value?.EndsWith("/realtime", StringComparison.Ordinal) != true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        lock (_gate)
        {
            _handshakes.Add(new FakeRealtimeHandshake(context.Request.Path.Value!, context.Request.QueryString.Value ?? string.Empty, headers));
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        if (StallHandshakes)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, aborted.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the server stopped.
            }

            return;
        }

        if (RejectHandshakesWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            string code = status switch
            {
                HttpStatusCode.Unauthorized => "invalid_api_key",
                HttpStatusCode.NotFound => "model_not_found",
                _ => "forbidden",
            };
            await context.Response.WriteAsync($"{{\"error\":{{\"type\":\"invalid_request_error\",\"code\":\"{code}\",\"message\":\"Rejected by FakeRealtimeServer with HTTP {(int)status}.\"}}}}", aborted.Token).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        int number = Interlocked.Increment(ref _connections);
        string model = context.Request.Query["model"].ToString();
        var connection = new FakeRealtimeConnection(this, socket, context, number, model.Length == 0 ? "gpt-realtime" : model, aborted.Token);
        lock (_gate)
        {
            // Current before the first event goes out, so a test reacting to session.created can use it.
            _current = connection;
        }

        Task run = connection.RunAsync(betaHeader: headers.ContainsKey("OpenAI-Beta"));
        lock (_gate)
        {
            _connectionTasks.Add(run);
        }

        await run.ConfigureAwait(false);
    }
}
