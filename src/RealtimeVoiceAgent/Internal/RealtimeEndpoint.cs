using System;

namespace RealtimeVoiceAgent.Internal;

// Builds the WebSocket URL for a provider from RealtimeClientOptions (protocol doc 1.1 and 1.3).
internal static class RealtimeEndpoint
{
    private static readonly Uri s_openAIDefault = new("wss://api.openai.com/v1/realtime");

    public static Uri Build(RealtimeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException("RealtimeClientOptions.Model is required (the model name, or the deployment name for Azure OpenAI).", nameof(options));
        }

        if (options.IsLive)
        {
            throw new ArgumentException($"RealtimeClientOptions.Provider {options.Provider} speaks GPT-Live, not the Realtime protocol: use GptLiveClient (AddRealtimeVoiceAgent picks it from the provider).", nameof(options));
        }

        Uri? endpoint = options.Endpoint;
        if (endpoint is null)
        {
            if (options.Provider == RealtimeProvider.AzureOpenAI)
            {
                throw new ArgumentException("RealtimeClientOptions.Endpoint is required for Azure OpenAI, e.g. https://<resource>.openai.azure.com.", nameof(options));
            }

            endpoint = s_openAIDefault;
        }

        var builder = ToWebSocket(endpoint);
        builder.Path = CompletePath(builder.Path, options.Provider);

        string query = builder.Query.TrimStart('?');
        if (!HasModel(query))
        {
            string model = "model=" + Uri.EscapeDataString(options.Model);
            query = query.Length == 0 ? model : query + "&" + model;
        }

        builder.Query = query;
        return builder.Uri;
    }

    // The endpoint as a WebSocket URL: http(s) mapped to ws(s), and unencrypted ws:// only for loopback hosts.
    internal static UriBuilder ToWebSocket(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"RealtimeClientOptions.Endpoint must be an absolute URI, got '{endpoint}'.", "options");
        }

        string scheme = endpoint.Scheme switch
        {
            "wss" or "https" => "wss",
            "ws" or "http" => "ws",
            _ => throw new ArgumentException($"RealtimeClientOptions.Endpoint must use wss:// or https:// (ws:// only for loopback), got '{endpoint.Scheme}'.", "options"),
        };

        if (scheme == "ws" && !endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"Unencrypted ws:// is only allowed for loopback hosts (local fakes and proxies); '{endpoint.Host}' is not loopback. Use wss://.",
                "options");
        }

        return new UriBuilder(endpoint) { Scheme = scheme, Port = endpoint.IsDefaultPort ? -1 : endpoint.Port };
    }

    private static string CompletePath(string path, RealtimeProvider provider)
    {
        string trimmed = path.TrimEnd('/');
        if (trimmed.EndsWith("/realtime", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed;
        }

        if (provider == RealtimeProvider.AzureOpenAI)
        {
            // GA v1 endpoint: https://<resource>.openai.azure.com/openai/v1/realtime?model=<deployment>
            if (trimmed.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed + "/realtime";
            }

            if (trimmed.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed + "/v1/realtime";
            }

            return trimmed + "/openai/v1/realtime";
        }

        return trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed + "/realtime" : trimmed + "/v1/realtime";
    }

    private static bool HasModel(string query)
    {
        foreach (string part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("model=", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
