using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Internal;

/// <summary>
/// Opens the WebSocket to a model service, Realtime or GPT-Live alike: the key header, the connect timeout, and a
/// rejected handshake reported with its HTTP status. The caller owns the socket it returns.
/// </summary>
internal static class ModelSocketConnector
{
    /// <param name="uri">The service's WebSocket URL.</param>
    /// <param name="apiKey">The key, or null/empty for an endpoint that needs none (a loopback proxy or fake).</param>
    /// <param name="azureKeyHeader">Sends the key as Azure's <c>api-key</c> header rather than <c>Authorization: Bearer</c>.</param>
    /// <param name="connectTimeout">How long the handshake may take.</param>
    /// <param name="handshakeError">The exception for a rejected handshake, from its HTTP status (0: no HTTP answer).</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public static async Task<ClientWebSocket> ConnectAsync(
        Uri uri,
        string? apiKey,
        bool azureKeyHeader,
        TimeSpan connectTimeout,
        Func<HttpStatusCode, WebSocketException, RealtimeConnectionException> handshakeError,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            // Keeps the handshake status so a 401/403/404 can be reported as such instead of a generic failure.
            socket.Options.CollectHttpResponseDetails = true;
            if (!string.IsNullOrEmpty(apiKey))
            {
                socket.Options.SetRequestHeader(azureKeyHeader ? "api-key" : "Authorization", azureKeyHeader ? apiKey : "Bearer " + apiKey);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            try
            {
                await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RealtimeConnectionException(
                    $"Connecting to {uri} timed out after {connectTimeout.TotalSeconds:0.###} s (RealtimeClientOptions.ConnectTimeout). Check the endpoint and the network, or raise the timeout.",
                    innerException: ex);
            }
            catch (WebSocketException ex)
            {
                throw handshakeError(socket.HttpStatusCode, ex);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
