using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.AspNetCore.Internal;
using RealtimeVoiceAgent.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the voice agent's WebSocket call endpoint.</summary>
public static class VoiceAgentEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a WebSocket endpoint where each connection is one call relayed to the model (caller protocol v1 and its
    /// opt-in additions, docs/client-protocol.md). Requires <c>app.UseWebSockets()</c> earlier in the pipeline and
    /// <c>services.AddRealtimeVoiceAgent(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <param name="pattern">The route, e.g. <c>"/ws"</c>.</param>
    /// <param name="configure">Sets limits and policies; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The endpoint's convention builder (for authorization, CORS and the like).</returns>
    public static IEndpointConventionBuilder MapVoiceAgent(this IEndpointRouteBuilder endpoints, string pattern, Action<VoiceAgentEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var options = new VoiceAgentEndpointOptions();
        configure?.Invoke(options);

        var services = endpoints.ServiceProvider;
        var endpoint = new VoiceAgentEndpoint(
            options,
            CallAgentFactoryResolver.Resolve(services),
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            services.GetService<IHostApplicationLifetime>(),
            services.GetService<CallObserver>(),
            services.GetService<VoiceAgentTelemetry>());
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(endpoint.Dispose);
        return endpoints.Map(pattern, (RequestDelegate)endpoint.HandleAsync).WithDisplayName("Voice agent calls " + pattern);
    }
}
