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
/// A local stand-in for OpenAI's GPT-Live voice API (<c>/v1/live/sessions</c>), shaped like <see cref="FakeRealtimeServer"/>
/// so one test suite can drive either: a real WebSocket server (Kestrel on 127.0.0.1, random port) that waits for
/// <c>session.start</c>, validates every client event against the service's strict shapes (answering mistakes with an
/// <c>error</c> event: <c>unknown_parameter</c> with the field's dotted path, <c>invalid_audio</c>, ...), records them for
/// assertions, and plays the same <see cref="FakeRealtimeScript"/> the Realtime fake plays, the GPT-Live way. Point
/// <see cref="GptLiveClient"/> (<c>RealtimeClientOptions.Endpoint</c>, provider <c>OpenAILive</c>) at <see cref="Endpoint"/>.
/// </summary>
/// <remarks>
/// <para>How the script plays: <c>session.instructions.append</c> (the greeting) plays the next
/// <see cref="FakeRealtimeScript.OnResponseCreate"/> response as the voice model's own speech. Detected caller speech (20 ms
/// windows at <see cref="SpeechRmsThreshold"/>, ended by <see cref="TurnSilence"/> of quiet) plays the next
/// <see cref="FakeRealtimeScript.AfterSpeech"/> turn: its transcript as <c>session.input_transcript.delta</c>s, its
/// <c>Say</c> steps as speech, and its <c>CallFunction</c> steps as a Responses delegation
/// (<c>session.delegation.created</c>, then <c>response.event</c>s: <c>response.created</c>, argument deltas, a
/// <c>response.output_item.done</c> function call, <c>response.completed</c>). Each <c>response.create</c> plays the next
/// response (a turn's <c>Then</c> follow-ups first) as a backend response whose text the voice model says.
/// <c>session.commentary.append</c> is said word for word. Typed user and developer messages (<c>response.item.create</c>)
/// play <see cref="FakeRealtimeScript.AfterUserText"/> / <see cref="FakeRealtimeScript.AfterSystemMessage"/> turns on the next
/// <c>response.create</c>.</para>
/// <para>Speech is a 440 Hz tone with transcript fragments, sent at once and followed by <see cref="TrailingSilence"/>; between
/// utterances the output track carries one silent delta per 100 ms of appended input, as the real continuous track does.
/// Usage (<c>session.usage.updated</c>) is sent every <see cref="UsageInterval"/> of timeline. <c>session.close</c> is
/// answered with <c>session.closed</c> and a normal close.</para>
/// <para>Methods that act on "the connection" use the most recent one.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await FakeLiveServer.StartAsync();
/// server.Script
///     .OnResponseCreate(r =&gt; r.Say("Hello! What's your name?"))
///     .AfterSpeech(turn =&gt; turn.Transcript("my name is Ada").CallFunction("save_contact", "{\"name\":\"Ada\"}").ThenSay("Saved."));
/// var client = new GptLiveClient(new RealtimeClientOptions { Endpoint = server.Endpoint, Provider = RealtimeProvider.OpenAILive });
/// </code>
/// </example>
public sealed class FakeLiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _gate = new();
    private readonly FakeClientEventLog _events = new();
    private readonly List<FakeRealtimeHandshake> _handshakes = new();
    private readonly List<Task> _connectionTasks = new();
    private FakeLiveConnection? _current;
    private int _connections;
    private int _disposed;

    private FakeLiveServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The WebSocket endpoint, <c>ws://127.0.0.1:&lt;port&gt;/v1/live/sessions</c>. Any path ending in <c>/live/sessions</c> is served.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the fake model says and does; the same script type as <see cref="FakeRealtimeServer.Script"/> (see the class remarks for how it plays).</summary>
    public FakeRealtimeScript Script { get; } = new();

    /// <summary>When set, handshakes are answered with this HTTP status (e.g. 401, 403, 404) and an OpenAI-style JSON error body instead of a WebSocket.</summary>
    public HttpStatusCode? RejectHandshakesWith { get; set; }

    /// <summary>When <see langword="true"/>, handshakes are never answered (until the server is disposed), to test connect timeouts.</summary>
    public bool StallHandshakes { get; set; }

    /// <summary>When set, a handshake without <c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c> for this key is refused with HTTP 401. Default <see langword="null"/>: no key needed.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>The RMS (of 16-bit samples, 0–32767) from which a 20 ms window of caller audio counts as speech. Default 500.</summary>
    public double SpeechRmsThreshold { get; set; } = 500;

    /// <summary>The quiet after caller speech that ends the caller's turn. Default 500 ms.</summary>
    public TimeSpan TurnSilence { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The digital silence sent on the output track after each utterance (the gap a client sees before the next one). Default 1 s.</summary>
    public TimeSpan TrailingSilence { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much session timeline passes between <c>session.usage.updated</c> events; <see cref="TimeSpan.Zero"/> sends none. Default 15 s.</summary>
    public TimeSpan UsageInterval { get; set; } = TimeSpan.FromSeconds(15);

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
    public static async Task<FakeLiveServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // An empty builder, as FakeRealtimeServer: only Kestrel on a random loopback port and WebSockets.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeLiveServer(app);
        app.UseWebSockets(new WebSocketOptions());
        app.Run(server.HandleRequestAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri($"ws://127.0.0.1:{new Uri(address).Port}/v1/live/sessions");
        return server;
    }

    /// <summary>Waits until the <paramref name="occurrence"/>-th client event of <paramref name="type"/> has been received (including ones already received).</summary>
    /// <param name="type">The client event type, e.g. <c>response.item.create</c>.</param>
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

    /// <summary>Sends any server event (raw JSON text) on the connection, e.g. an event type the SDK does not know or malformed JSON.</summary>
    /// <param name="json">The message text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task SendEventAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Current.SendRawAsync(json, cancellationToken);
    }

    /// <summary>Sends an <c>error</c> event on the connection (GPT-Live shape: <c>error.client_event_id</c>).</summary>
    /// <param name="code">The error code, e.g. <c>response_input_buffer_full</c>.</param>
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

    /// <summary>Closes the connection with a close frame and no <c>session.closed</c>, e.g. <c>1011</c> for a server fault.</summary>
    /// <param name="status">The close status.</param>
    /// <param name="reason">The close reason.</param>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>A task that completes when the close frame is sent.</returns>
    /// <exception cref="InvalidOperationException">No client is connected.</exception>
    public Task CloseConnectionAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken = default) =>
        Current.CloseAsync(status, reason, cancellationToken);

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

    private FakeLiveConnection Current
    {
        get
        {
            lock (_gate)
            {
                return _current ?? throw new InvalidOperationException("No client is connected to the FakeLiveServer.");
            }
        }
    }

    private async Task HandleRequestAsync(HttpContext context)
    {
        if (context.Request.Path.Value?.EndsWith("/live/sessions", StringComparison.Ordinal) != true)
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

        HttpStatusCode? status = RejectHandshakesWith;
        if (status is null && RequiredApiKey is { } key
            && !(headers.TryGetValue("Authorization", out string? authorization) && authorization == "Bearer " + key)
            && !(headers.TryGetValue("api-key", out string? apiKey) && apiKey == key))
        {
            status = HttpStatusCode.Unauthorized;
        }

        if (status is null && context.Request.QueryString.HasValue)
        {
            // The model goes in session.start; the primary URL takes no query (the real answer is unverified).
            status = HttpStatusCode.BadRequest;
        }

        if (status is { } rejected)
        {
            context.Response.StatusCode = (int)rejected;
            context.Response.ContentType = "application/json";
            string code = rejected switch
            {
                HttpStatusCode.Unauthorized => "invalid_api_key",
                HttpStatusCode.NotFound => "not_found",
                HttpStatusCode.BadRequest => "invalid_request_error",
                _ => "forbidden",
            };
            await context.Response.WriteAsync($"{{\"error\":{{\"type\":\"invalid_request_error\",\"code\":\"{code}\",\"message\":\"Rejected by FakeLiveServer with HTTP {(int)rejected}.\"}}}}", aborted.Token).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        int number = Interlocked.Increment(ref _connections);
        var connection = new FakeLiveConnection(this, socket, context, number, aborted.Token);
        lock (_gate)
        {
            _current = connection;
        }

        Task run = connection.RunAsync();
        lock (_gate)
        {
            _connectionTasks.Add(run);
        }

        await run.ConfigureAwait(false);
    }
}
