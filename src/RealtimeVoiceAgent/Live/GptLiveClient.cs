using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>
/// Opens <see cref="GptLiveSession"/>s to OpenAI's GPT-Live voice API (<c>wss://api.openai.com/v1/live/sessions</c>) or
/// Azure OpenAI's (<c>…/openai/v1/live/sessions</c>, preview): the second model connection behind the model seam, chosen
/// with <see cref="RealtimeClientOptions.Provider"/> <see cref="RealtimeProvider.OpenAILive"/> or
/// <see cref="RealtimeProvider.AzureOpenAILive"/>.
/// </summary>
/// <remarks>Thread-safe and immutable after construction: register it as a singleton (<c>AddRealtimeVoiceAgent</c> does so for a Live provider).</remarks>
public sealed partial class GptLiveClient : VoiceModelClient
{
    private readonly Uri _uri;
    private readonly string? _apiKey;
    private readonly RealtimeProvider _provider;
    private readonly string _model;
    private readonly string _delegationModel;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _closeTimeout;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a client; the options are validated and copied.</summary>
    /// <param name="options">Endpoint, model (default <c>gpt-live-1</c>), delegation model, API key, a Live provider and timeouts.</param>
    /// <param name="loggerFactory">Optional logging; the API key is never logged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The provider is not a Live one, the endpoint is invalid (e.g. <c>ws://</c> to a non-loopback host, or none for Azure), or the delegation model is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive.</exception>
    public GptLiveClient(RealtimeClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CloseTimeout, TimeSpan.Zero, nameof(options.CloseTimeout));
        if (string.IsNullOrWhiteSpace(options.DelegationModel))
        {
            throw new ArgumentException("RealtimeClientOptions.DelegationModel is required for GPT-Live (the Responses model that runs the agent's tools).", nameof(options));
        }

        _uri = LiveEndpoint.Build(options);
        IsConfigured = options.HasCredentials(_uri);
        _apiKey = options.ApiKey;
        _provider = options.Provider;
        _model = options.LiveModel;
        _delegationModel = options.DelegationModel;
        _connectTimeout = options.ConnectTimeout;
        _closeTimeout = options.CloseTimeout;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<GptLiveClient>();
    }

    /// <summary>Counts and times the sessions this client opens; set by <c>AddRealtimeVoiceAgent</c> when the host has an <c>IMeterFactory</c>.</summary>
    internal VoiceAgentTelemetry? Telemetry { get; init; }

    /// <summary>The WebSocket URL sessions connect to (contains no secret).</summary>
    public Uri Endpoint => _uri;

    /// <summary>The voice model sessions ask for in <c>session.start</c>.</summary>
    public string Model => _model;

    /// <summary>Whether an API key is configured, or the endpoint is a loopback host that needs none (a local proxy or fake).</summary>
    public override bool IsConfigured { get; }

    /// <inheritdoc/>
    public override async Task<VoiceModelSession> StartSessionAsync(CancellationToken cancellationToken = default) =>
        await ConnectAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Opens a session: performs the WebSocket handshake. Send <c>session.start</c> next (<see cref="GptLiveSession.ConfigureAsync"/>): the service sends nothing before it.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open session.</returns>
    /// <exception cref="RealtimeConnectionException">The handshake timed out, was rejected (401/403: API key; 404: endpoint) or the host could not be reached.</exception>
    /// <exception cref="InvalidOperationException">No API key is configured for a remote endpoint (<see cref="IsConfigured"/> is <see langword="false"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<GptLiveSession> ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException("RealtimeClientOptions.ApiKey is required for a remote GPT-Live endpoint (set OPENAI_API_KEY or RealtimeVoiceAgent:ApiKey).");
        }

        Log.Connecting(_logger, _uri, _provider);
        // No subprotocol and no OpenAI-Beta header: neither SDK sends one (live-protocol.md 2.1). Azure documents Bearer
        // (Entra) tokens and allows API keys; the key header is Azure's usual api-key.
        var socket = await ModelSocketConnector.ConnectAsync(_uri, _apiKey, _provider == RealtimeProvider.AzureOpenAILive, _connectTimeout, CreateHandshakeException, cancellationToken).ConfigureAwait(false);
        try
        {
            var session = new GptLiveSession(socket, _model, _delegationModel, _closeTimeout, _loggerFactory.CreateLogger<GptLiveSession>(), Telemetry);
            Log.Connected(_logger, _uri);
            return session;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private RealtimeConnectionException CreateHandshakeException(HttpStatusCode status, WebSocketException ex)
    {
        string message = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The GPT-Live service rejected the WebSocket handshake with HTTP {(int)status} ({status}). Check the API key (RealtimeClientOptions.ApiKey) and that the project may use GPT-Live{(_provider == RealtimeProvider.AzureOpenAILive ? " on this Azure resource" : string.Empty)}.",
            HttpStatusCode.NotFound =>
                $"The GPT-Live endpoint {_uri} answered HTTP 404 (NotFound). Check RealtimeClientOptions.Endpoint: the path is /v1/live/sessions (OpenAI) or /openai/v1/live/sessions (Azure).",
            0 => $"Could not open a WebSocket to {_uri}: {ex.Message}",
            _ => $"The GPT-Live service rejected the WebSocket handshake to {_uri} with HTTP {(int)status} ({status}).",
        };
        return new RealtimeConnectionException(message, handshakeStatusCode: status == 0 ? null : status, innerException: ex);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connecting to {Endpoint} ({Provider})", EventName = "Connecting")]
        public static partial void Connecting(ILogger logger, Uri endpoint, RealtimeProvider provider);

        [LoggerMessage(2, LogLevel.Information, "Connected to {Endpoint}", EventName = "Connected")]
        public static partial void Connected(ILogger logger, Uri endpoint);
    }
}
