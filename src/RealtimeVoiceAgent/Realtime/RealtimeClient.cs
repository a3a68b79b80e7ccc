using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.Internal;

namespace RealtimeVoiceAgent;

/// <summary>Opens <see cref="RealtimeSession"/>s to the OpenAI or Azure OpenAI Realtime API (GA protocol) over a WebSocket.</summary>
/// <remarks>Thread-safe and immutable after construction: register it as a singleton.</remarks>
public sealed partial class RealtimeClient : VoiceModelClient
{
    private readonly Uri _uri;
    private readonly string? _apiKey;
    private readonly RealtimeProvider _provider;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _closeTimeout;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a client; the options are validated and copied.</summary>
    /// <param name="options">Endpoint, model, API key, provider and timeouts.</param>
    /// <param name="loggerFactory">Optional logging; the API key is never logged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The endpoint is invalid (e.g. <c>ws://</c> to a non-loopback host) or the model is empty.</exception>
    /// <remarks>A missing API key is not an error here: <see cref="IsConfigured"/> is then <see langword="false"/> (for a remote endpoint) and <see cref="ConnectAsync"/> throws.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive.</exception>
    public RealtimeClient(RealtimeClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CloseTimeout, TimeSpan.Zero, nameof(options.CloseTimeout));
        _uri = RealtimeEndpoint.Build(options);
        IsConfigured = options.HasCredentials(_uri);
        _apiKey = options.ApiKey;
        _provider = options.Provider;
        Model = options.Model;
        _connectTimeout = options.ConnectTimeout;
        _closeTimeout = options.CloseTimeout;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RealtimeClient>();
    }

    /// <summary>The model (or Azure deployment) name, for the <c>gen_ai.request.model</c> tag.</summary>
    internal string Model { get; }

    /// <summary>The <c>gen_ai.provider.name</c> of the service: <c>openai</c> or <c>azure.ai.openai</c>.</summary>
    internal string ProviderName => _provider == RealtimeProvider.AzureOpenAI ? "azure.ai.openai" : "openai";

    /// <summary>Counts and times the sessions this client opens; set by <c>AddRealtimeVoiceAgent</c> when the host has an <c>IMeterFactory</c>.</summary>
    internal VoiceAgentTelemetry? Telemetry { get; init; }

    /// <summary>The WebSocket URL sessions connect to (contains no secret).</summary>
    public Uri Endpoint => _uri;

    /// <summary>Whether an API key is configured, or the endpoint is a loopback host that needs none (a local proxy or fake).</summary>
    public override bool IsConfigured { get; }

    /// <inheritdoc/>
    public override async Task<VoiceModelSession> StartSessionAsync(CancellationToken cancellationToken = default) =>
        await ConnectAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Opens a session: performs the WebSocket handshake and starts the send loop.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open session; the service sends <c>session.created</c> as its first event.</returns>
    /// <exception cref="RealtimeConnectionException">The handshake timed out, was rejected (401/403: API key; 404: model, deployment or endpoint) or the host could not be reached.</exception>
    /// <exception cref="InvalidOperationException">No API key is configured for a remote endpoint (<see cref="IsConfigured"/> is <see langword="false"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RealtimeSession> ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException("RealtimeClientOptions.ApiKey is required for a remote endpoint (set OPENAI_API_KEY or RealtimeVoiceAgent:ApiKey).");
        }

        Log.Connecting(_logger, _uri, _provider);
        // Never "OpenAI-Beta: realtime=v1": the GA endpoint rejects it (beta_api_shape_disabled, close 4000).
        var socket = await ModelSocketConnector.ConnectAsync(_uri, _apiKey, _provider == RealtimeProvider.AzureOpenAI, _connectTimeout, CreateHandshakeException, cancellationToken).ConfigureAwait(false);
        try
        {
            var session = new RealtimeSession(socket, _closeTimeout, _loggerFactory.CreateLogger<RealtimeSession>(), Telemetry);
            Log.Connected(_logger, _uri);
            return session;
        }
        catch
        {
            // Ownership moves to the session on success; a half-built session leaves its socket here.
            socket.Dispose();
            throw;
        }
    }

    private RealtimeConnectionException CreateHandshakeException(HttpStatusCode status, WebSocketException ex)
    {
        string message = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The Realtime service rejected the WebSocket handshake with HTTP {(int)status} ({status}). Check the API key (RealtimeClientOptions.ApiKey) and that it may use the Realtime API{(_provider == RealtimeProvider.AzureOpenAI ? " on this Azure resource" : string.Empty)}.",
            HttpStatusCode.NotFound =>
                $"The Realtime endpoint {_uri} answered HTTP 404 (NotFound). Check the model or deployment name (RealtimeClientOptions.Model) and the endpoint.",
            0 => $"Could not open a WebSocket to {_uri}: {ex.Message}",
            _ => $"The Realtime service rejected the WebSocket handshake to {_uri} with HTTP {(int)status} ({status}).",
        };
        return new RealtimeConnectionException(message, handshakeStatusCode: status == 0 ? null : status, innerException: ex);
    }
}
