using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.AspNetCore.Internal;
using RealtimeVoiceAgent.Calls;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the voice agent's WebSocket call endpoint.</summary>
public static class VoiceAgentEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a WebSocket endpoint where each connection is one call of an agent, relayed to the model (caller protocol v1
    /// and its opt-in additions, docs/client-protocol.md). Requires <c>app.UseWebSockets()</c> earlier in the pipeline and
    /// <c>services.AddRealtimeVoiceAgent(...).AddAgent&lt;TAgent&gt;()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <param name="pattern">The route, e.g. <c>"/ws"</c>.</param>
    /// <param name="agent">The registered agent this route serves; <see langword="null"/> when only one is registered.</param>
    /// <param name="configure">Changes this route's limits and policies, on top of the registered <see cref="VoiceAgentEndpointOptions"/> (bound from configuration, or the defaults).</param>
    /// <returns>The endpoint's convention builder (for authorization, CORS and the like).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is empty.</exception>
    /// <exception cref="InvalidOperationException"><c>AddRealtimeVoiceAgent</c> was not called, or the agent does not resolve.</exception>
    /// <exception cref="OptionsValidationException">The route's options are invalid (the message names the option).</exception>
    public static IEndpointConventionBuilder MapVoiceAgent(this IEndpointRouteBuilder endpoints, string pattern, string? agent = null, Action<VoiceAgentEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var services = endpoints.ServiceProvider;
        var relay = services.GetService<CallRelay>()
            ?? throw new InvalidOperationException("MapVoiceAgent needs services.AddRealtimeVoiceAgent(...).AddAgent<TAgent>() to be called first.");
        var agentName = relay.ResolveAgentName(agent);

        var options = (services.GetService<IOptions<VoiceAgentEndpointOptions>>()?.Value ?? new VoiceAgentEndpointOptions()).Clone();
        configure?.Invoke(options);
        var validation = new VoiceAgentEndpointOptionsValidator().Validate(pattern, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(pattern, typeof(VoiceAgentEndpointOptions), validation.Failures);
        }

        var lifetime = services.GetService<IHostApplicationLifetime>();
        // With a drain, calls end when its timeout passes, not when the application starts stopping.
        var callsMustEnd = services.GetService<VoiceAgentDrain>()?.CallsMustEnd ?? lifetime?.ApplicationStopping ?? default;
        var endpoint = new VoiceAgentEndpoint(options, relay, agentName, services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance, callsMustEnd);
        lifetime?.ApplicationStopped.Register(endpoint.Dispose);
        return endpoints.Map(pattern, (RequestDelegate)endpoint.HandleAsync).WithDisplayName("Voice agent calls " + pattern);
    }
}
