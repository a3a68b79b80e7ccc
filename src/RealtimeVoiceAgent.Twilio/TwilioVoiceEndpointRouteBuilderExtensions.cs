using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Twilio;
using RealtimeVoiceAgent.Twilio.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Twilio phone routes: the voice webhook and the Media Streams WebSocket.</summary>
public static class TwilioVoiceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/voice</c>, Twilio's voice webhook (set it on the phone number), which answers TwiML that connects
    /// the call to <c>wss://{PublicBaseUrl}{prefix}/media</c> with the caller's number as the <c>from</c> parameter, and that
    /// media WebSocket, where each connection is one phone call of an agent, relayed to the model. Both check Twilio's
    /// <c>X-Twilio-Signature</c> with <see cref="TwilioVoiceOptions.AuthToken"/>; a request without a matching signature
    /// gets HTTP 403. Requires <c>app.UseWebSockets()</c> earlier in the pipeline and
    /// <c>services.AddRealtimeVoiceAgent(...).AddAgent&lt;TAgent&gt;()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <param name="prefix">Where the two routes go, e.g. <c>"/twilio"</c> (the default).</param>
    /// <param name="agent">The registered agent phone calls get; <see langword="null"/> when only one is registered.</param>
    /// <param name="configure">Changes these routes' settings, on top of the registered <see cref="TwilioVoiceOptions"/> (bound from configuration, or the defaults).</param>
    /// <returns>The routes' group (for authorization policies and the like; Twilio itself authenticates by signature).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> does not start with <c>/</c>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddRealtimeVoiceAgent</c> was not called, or the agent does not resolve.</exception>
    /// <exception cref="OptionsValidationException">The settings are invalid: no auth token, no https public URL, a value out of range (the message names it).</exception>
    public static IEndpointConventionBuilder MapTwilioVoice(this IEndpointRouteBuilder endpoints, string prefix = "/twilio", string? agent = null, Action<TwilioVoiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (!prefix.StartsWith('/'))
        {
            throw new ArgumentException($"The prefix must start with '/', e.g. \"/twilio\", not '{prefix}'.", nameof(prefix));
        }

        var services = endpoints.ServiceProvider;
        var relay = services.GetService<CallRelay>()
            ?? throw new InvalidOperationException("MapTwilioVoice needs services.AddRealtimeVoiceAgent(...).AddAgent<TAgent>() to be called first.");
        var agentName = relay.ResolveAgentName(agent);

        var options = (services.GetService<IOptions<TwilioVoiceOptions>>()?.Value ?? new TwilioVoiceOptions()).Clone();
        configure?.Invoke(options);
        var validation = new TwilioVoiceOptionsValidator().Validate(prefix, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(prefix, typeof(TwilioVoiceOptions), validation.Failures);
        }

        prefix = prefix.TrimEnd('/');
        var lifetime = services.GetService<IHostApplicationLifetime>();
        var endpoint = new TwilioVoiceEndpoint(
            options,
            relay,
            agentName,
            prefix + "/media",
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            services.GetService<VoiceAgentDrain>(),
            // With a drain, calls end when its timeout passes, not when the application starts stopping.
            services.GetService<VoiceAgentDrain>()?.CallsMustEnd ?? lifetime?.ApplicationStopping ?? default);
        var group = endpoints.MapGroup(prefix);
        group.MapPost("/voice", (RequestDelegate)endpoint.HandleVoiceAsync).WithDisplayName("Twilio voice webhook " + prefix + "/voice");
        group.Map("/media", (RequestDelegate)endpoint.HandleMediaAsync).WithDisplayName("Twilio media stream " + prefix + "/media");
        return group;
    }
}
