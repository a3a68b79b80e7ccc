using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The request handler behind <c>MapVoiceAgent</c>: admission (origin, rate, concurrency), then one call per WebSocket, run by the <see cref="CallRelay"/>.</summary>
internal sealed partial class VoiceAgentEndpoint : IDisposable
{
    private readonly VoiceAgentEndpointOptions _options;
    private readonly CallRelay _relay;
    private readonly string _agentName;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly PartitionedRateLimiter<HttpContext>? _connectionRate;
    private readonly HashSet<string> _allowedOrigins;
    private int _activeCalls;

    // callsMustEnd: ends every call (the application stopping, or a drain's timeout passing).
    public VoiceAgentEndpoint(VoiceAgentEndpointOptions options, CallRelay relay, string agentName, ILoggerFactory loggerFactory, CancellationToken callsMustEnd)
    {
        _options = options;
        _relay = relay;
        _agentName = agentName;
        _logger = loggerFactory.CreateLogger("RealtimeVoiceAgent.AspNetCore.VoiceAgentEndpoint");
        _stopping = callsMustEnd;
        _allowedOrigins = new HashSet<string>(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
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
        using var transport = new WebSocketCallerTransport(socket, protocol, _options.MaxFrameBytes, ToMetadata(context.Request.Query));
        try
        {
            if (Interlocked.Increment(ref _activeCalls) > _options.MaxConcurrentCalls)
            {
                Log.Busy(_logger, _options.MaxConcurrentCalls);
                await _relay.RejectAsync(transport, CallEndReason.Busy, _stopping).ConfigureAwait(false);
                return;
            }

            await _relay.RunAsync(transport, _agentName, _options, _stopping).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }

        // A call closed by policy (flood, oversize, draining) stopped reading with the caller still sending: read the rest away,
        // bounded by the close timeout, so the caller receives the close code and reason instead of a reset (1006).
        await transport.DrainAfterCloseAsync(_options.CloseTimeout).ConfigureAwait(false);
    }

    public void Dispose() => _connectionRate?.Dispose();

    // The connect URL's query, for the agent (CallContext.CallerMetadata).
    private static Dictionary<string, string> ToMetadata(IQueryCollection query)
    {
        var metadata = new Dictionary<string, string>(query.Count, StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            metadata[key] = value.ToString();
        }

        return metadata;
    }
}
