using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RealtimeVoiceAgent in a service collection.</summary>
public static class RealtimeVoiceAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="RealtimeClient"/> and the per-call <see cref="ToolRegistryFactory"/> as singletons and
    /// returns a builder to add tools, the contact collector and a contact store. With an <see cref="IMeterFactory"/>
    /// registered (ASP.NET Core hosts have one), both record the metrics named in <see cref="RealtimeVoiceAgentDiagnostics"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the endpoint, model, API key and timeouts; may be called again to change them.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Idempotent: calling it twice registers each service once (the configure delegates all apply).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static RealtimeVoiceAgentBuilder AddRealtimeVoiceAgent(this IServiceCollection services, Action<RealtimeClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RealtimeClientOptions>();
        services.AddOptions<ToolRegistryOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static provider => new VoiceAgentTelemetry(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(static provider => new RealtimeClient(
            provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value,
            provider.GetService<ILoggerFactory>())
        {
            Telemetry = provider.GetRequiredService<VoiceAgentTelemetry>(),
        });
        services.TryAddSingleton(static provider => new ToolRegistryFactory(
            provider.GetServices<AIFunction>(),
            provider.GetService<ContactCollector>(),
            provider.GetRequiredService<IOptions<ToolRegistryOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>())
        {
            Telemetry = provider.GetRequiredService<VoiceAgentTelemetry>(),
        });
        return new RealtimeVoiceAgentBuilder(services);
    }
}
