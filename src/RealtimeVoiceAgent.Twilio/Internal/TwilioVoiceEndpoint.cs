using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Calls;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// The request handlers behind <c>MapTwilioVoice</c>: the voice webhook answers TwiML that connects the call to the media
/// stream, and each media WebSocket is one call, run by the <see cref="CallRelay"/>. Both check Twilio's signature
/// against URLs built from the configured public base URL; a request without a matching one gets 403 and nothing else.
/// </summary>
internal sealed partial class TwilioVoiceEndpoint
{
    private const string SignatureHeader = "X-Twilio-Signature";
    private static readonly IReadOnlyList<KeyValuePair<string, string>> s_noParameters = [];
    private readonly TwilioVoiceOptions _options;
    private readonly CallRelay _relay;
    private readonly string _agentName;
    private readonly TwilioSignature _signature;
    private readonly string _httpBase;
    private readonly string _webSocketBase;
    private readonly string _mediaPath;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ILogger _transportLogger;
    private readonly VoiceAgentDrain? _drain;
    private readonly CancellationToken _stopping;
    private int _activeCalls;

    // mediaPath: the media route below the application's path base, e.g. /twilio/media. callsMustEnd: ends every call
    // (the application stopping, or the drain's timeout passing).
    public TwilioVoiceEndpoint(TwilioVoiceOptions options, CallRelay relay, string agentName, string mediaPath, TimeProvider timeProvider, ILoggerFactory loggerFactory, VoiceAgentDrain? drain, CancellationToken callsMustEnd)
    {
        _options = options;
        _relay = relay;
        _agentName = agentName;
        _signature = new TwilioSignature(options.AuthToken!);
        // https://contacts.example.com[/prefix] and wss://contacts.example.com[/prefix]: what Twilio requests and signs.
        _httpBase = options.PublicBaseUrl!.AbsoluteUri.TrimEnd('/');
        _webSocketBase = (options.PublicBaseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws") + _httpBase[options.PublicBaseUrl.Scheme.Length..];
        _mediaPath = mediaPath;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("RealtimeVoiceAgent.Twilio.TwilioVoiceEndpoint");
        _transportLogger = loggerFactory.CreateLogger("RealtimeVoiceAgent.Twilio.TwilioCallerTransport");
        _drain = drain;
        _stopping = callsMustEnd;
    }

    /// <summary><c>POST {prefix}/voice</c>: Twilio's voice webhook for an incoming call.</summary>
    public async Task HandleVoiceAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        var parameters = new List<KeyValuePair<string, string>>();
        if (form is not null)
        {
            foreach (var (name, values) in form)
            {
                foreach (var value in values)
                {
                    parameters.Add(new(name, value ?? string.Empty));
                }
            }
        }

        if (!IsSigned(context, _httpBase, parameters))
        {
            return;
        }

        var streamUrl = _webSocketBase + request.PathBase.ToUriComponent() + _mediaPath;
        // While draining, a new call gets a busy tone rather than a stream the relay would refuse.
        var twiml = _drain is { IsDraining: true } ? TwilioTwiml.RejectBusy() : TwilioTwiml.ConnectStream(streamUrl, form?["From"].ToString());
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.WriteAsync(twiml, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>{prefix}/media</c>: the call's Media Streams WebSocket.</summary>
    public async Task HandleMediaAsync(HttpContext context)
    {
        if (!IsSigned(context, _webSocketBase, s_noParameters))
        {
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint takes Twilio Media Streams (a WebSocket; it needs app.UseWebSockets()).", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var transport = new TwilioCallerTransport(socket, _options.DtmfPause, _options.PlaybackDrainTimeout, _timeProvider, _transportLogger);
        if (await ReadStartAsync(transport, context.RequestAborted).ConfigureAwait(false) is { } refused)
        {
            Log.StreamRefused(_logger, refused);
            await CloseRefusedAsync(socket).ConfigureAwait(false);
            return;
        }

        try
        {
            if (Interlocked.Increment(ref _activeCalls) > _options.MaxConcurrentCalls)
            {
                // Closing the stream makes Twilio go on with the TwiML, which has nothing after <Connect>: the call ends.
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
    }

    // The signature covers the URL Twilio requested, which is the public one (not this request's Host: a proxy or tunnel
    // may be in between), plus the POST parameters.
    private bool IsSigned(HttpContext context, string publicBase, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var request = context.Request;
        var header = request.Headers[SignatureHeader].ToString();
        string? refused = null;
        if (header.Length == 0)
        {
            refused = "it has no X-Twilio-Signature header";
        }
        else
        {
            var url = publicBase + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
            if (!_signature.IsValid(header, url, parameters))
            {
                refused = "its X-Twilio-Signature does not match (check AuthToken, and that PublicBaseUrl is the URL Twilio calls)";
            }
        }

        if (refused is null)
        {
            return true;
        }

        Log.RequestRefused(_logger, request.Path.ToString(), refused);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return false;
    }

    private async Task<string?> ReadStartAsync(TwilioCallerTransport transport, CancellationToken requestAborted)
    {
        using var timeout = new CancellationTokenSource(_options.StartTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, requestAborted, _stopping);
        try
        {
            return await transport.ReadStartAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"Twilio sent no start message within {_options.StartTimeout.TotalSeconds:0.###} s (StartTimeout)";
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return "the stream dropped before its start message";
        }
    }

    private async Task CloseRefusedAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.InvalidPayloadData, "unusable stream", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }
}
