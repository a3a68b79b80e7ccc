using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The request handler behind <c>MapVoiceAgent</c>: admission (origin, rate, concurrency), then one <see cref="CallSession"/> per WebSocket.</summary>
internal sealed partial class VoiceAgentEndpoint : IDisposable
{
    private readonly VoiceAgentEndpointOptions _options;
    private readonly ICallAgentFactory _agents;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly PartitionedRateLimiter<HttpContext>? _connectionRate;
    private readonly HashSet<string> _allowedOrigins;
    private readonly CallObserver? _observer;
    private readonly VoiceAgentTelemetry? _telemetry;
    private int _activeCalls;
    private long _callCounter;

    public VoiceAgentEndpoint(VoiceAgentEndpointOptions options, ICallAgentFactory agents, ILoggerFactory loggerFactory, IHostApplicationLifetime? lifetime, CallObserver? observer, VoiceAgentTelemetry? telemetry = null)
    {
        _observer = observer;
        _telemetry = telemetry;
        _options = options;
        _agents = agents;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("RealtimeVoiceAgent.AspNetCore.VoiceAgentEndpoint");
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        _allowedOrigins = new HashSet<string>(options.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        if (options.ConnectionsPerIpPerWindow > 0)
        {
            // One fixed window per remote IP address (ASP.NET Core's rate limiting primitives, partitioned by the caller's address).
            _connectionRate = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress ?? IPAddress.None,
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.ConnectionsPerIpPerWindow,
                        Window = options.ConnectionRateWindow,
                        QueueLimit = 0,
                    }));
        }
    }

    /// <summary>Calls running now.</summary>
    public int ActiveCalls => Volatile.Read(ref _activeCalls);


    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint takes WebSocket calls (and needs app.UseWebSockets()).", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (_allowedOrigins.Count > 0 && origin.Length > 0 && !_allowedOrigins.Contains(origin))
        {
            Log.OriginRefused(_logger, origin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (_connectionRate is not null)
        {
            using var lease = _connectionRate.AttemptAcquire(context);
            if (!lease.IsAcquired)
            {
                Log.RateLimited(_logger, context.Connection.RemoteIpAddress?.ToString());
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return;
            }
        }

        var protocol = CallerProtocolQuery.Parse(context.Request.Query, out var queryError);
        if (protocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(queryError!, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = _options.KeepAliveInterval,
        }).ConfigureAwait(false);
        var transport = new WebSocketCallerTransport(socket);

        if (Interlocked.Increment(ref _activeCalls) > _options.MaxConcurrentCalls)
        {
            try
            {
                Log.Busy(_logger, _options.MaxConcurrentCalls);
                await RejectAsync(transport, CallEndReason.Busy).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _activeCalls);
            }

            return;
        }

        try
        {
            var client = _agents.Client;
            if (client is null)
            {
                await RejectAsync(transport, CallEndReason.NotConfigured).ConfigureAwait(false);
                return;
            }

            var callId = NewCallId();
            var session = new CallSession(
                callId,
                transport,
                client,
                _agents.CreateAgent(callId),
                protocol,
                ToSettings(_options),
                _loggerFactory.CreateLogger<CallSession>(),
                inboundLatency: _observer?.InboundLatency,
                outboundLatency: _observer?.OutboundLatency,
                modelSendDuration: _observer?.ModelSendDuration,
                telemetry: _telemetry);
            _observer?.OnCallStarted(session);
            await session.RunAsync(_stopping).ConfigureAwait(false);
            _observer?.OnCallEnded(session);
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }
    }

    public void Dispose() => _connectionRate?.Dispose();

    internal static CallSessionSettings ToSettings(VoiceAgentEndpointOptions options) => new()
    {
        ConnectTimeout = options.ConnectTimeout,
        MaxCallDuration = options.MaxCallDuration,
        IdleTimeout = options.IdleTimeout,
        MaxFrameBytes = options.MaxFrameBytes,
        MaxOutboundBufferBytes = options.MaxOutboundBufferBytes,
        AudioBurst = options.AudioBurst,
        CloseTimeout = options.CloseTimeout,
    };

    private string NewCallId() =>
        "call_" + Interlocked.Increment(ref _callCounter).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Sends the caller one <c>error</c> and closes: for calls refused after the handshake (busy, not configured).</summary>
    private async Task RejectAsync(WebSocketCallerTransport transport, CallEndReason reason)
    {
        using var cts = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            var json = "{\"type\":\"error\",\"code\":\"" + CallEndReasons.GetErrorCode(reason) + "\",\"data\":\"" + JsonEncodedText.Encode(CallEndReasons.GetMessage(reason)) + "\"}";
            await transport.SendAsync(Encoding.UTF8.GetBytes(json), CallerMessageKind.Text, cts.Token).ConfigureAwait(false);
            await transport.CloseAsync(reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or System.IO.IOException)
        {
            transport.Abort();
        }
    }
}
