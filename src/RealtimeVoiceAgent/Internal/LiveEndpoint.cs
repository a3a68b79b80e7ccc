using System;

namespace RealtimeVoiceAgent.Internal;

// Builds the GPT-Live WebSocket URL for a Live provider (live-protocol.md 2.1 and 2.2). Unlike Realtime, the URL carries
// no query: the model goes in session.start.
internal static class LiveEndpoint
{
    private static readonly Uri s_openAIDefault = new("wss://api.openai.com/v1/live/sessions");

    public static Uri Build(RealtimeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsLive)
        {
            throw new ArgumentException($"RealtimeClientOptions.Provider {options.Provider} speaks the Realtime protocol: use RealtimeClient, or set Provider to OpenAILive or AzureOpenAILive.", nameof(options));
        }

        Uri? endpoint = options.Endpoint;
        if (endpoint is null)
        {
            if (options.Provider == RealtimeProvider.AzureOpenAILive)
            {
                throw new ArgumentException("RealtimeClientOptions.Endpoint is required for Azure OpenAI GPT-Live, e.g. https://<resource>.openai.azure.com.", nameof(options));
            }

            endpoint = s_openAIDefault;
        }

        var builder = RealtimeEndpoint.ToWebSocket(endpoint);
        builder.Path = CompletePath(builder.Path, options.Provider);
        return builder.Uri;
    }

    private static string CompletePath(string path, RealtimeProvider provider)
    {
        string trimmed = path.TrimEnd('/');
        if (trimmed.EndsWith("/live/sessions", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed;
        }

        if (provider == RealtimeProvider.AzureOpenAILive)
        {
            // The published Azure pages use /openai/v1/live/sessions (an older snapshot had /openai/v1/live: not used).
            if (trimmed.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed + "/live/sessions";
            }

            if (trimmed.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed + "/v1/live/sessions";
            }

            return trimmed + "/openai/v1/live/sessions";
        }

        return trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed + "/live/sessions" : trimmed + "/v1/live/sessions";
    }
}
