using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Internal;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RealtimeVoiceAgent in a service collection.</summary>
public static class RealtimeVoiceAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model client as the <see cref="VoiceModelClient"/>, unless one is registered already:
    /// <see cref="RealtimeClient"/>, or <see cref="GptLiveClient"/> when <see cref="RealtimeClientOptions.Provider"/> is
    /// <see cref="RealtimeProvider.OpenAILive"/> or <see cref="RealtimeProvider.AzureOpenAILive"/>; and the <see cref="CallRelay"/>, and returns a builder to add agents and tools. The options are
    /// validated when the host starts. With an <see cref="IMeterFactory"/> registered (ASP.NET Core hosts have one), calls,
    /// sessions and tools record the metrics named in <see cref="RealtimeVoiceAgentDiagnostics"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// Idempotent: calling it twice registers each service once. Without an API key in the options, the
    /// <c>OPENAI_API_KEY</c> environment variable is used (as the OpenAI SDKs do).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static RealtimeVoiceAgentBuilder AddRealtimeVoiceAgent(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        return new RealtimeVoiceAgentBuilder(services);
    }

    /// <summary>Registers RealtimeVoiceAgent with options set in code (see <see cref="AddRealtimeVoiceAgent(IServiceCollection)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the endpoint, model, API key and timeouts; may be called again to change them.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static RealtimeVoiceAgentBuilder AddRealtimeVoiceAgent(this IServiceCollection services, Action<RealtimeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(configure);
        return new RealtimeVoiceAgentBuilder(services);
    }

    /// <summary>Registers RealtimeVoiceAgent with <see cref="RealtimeClientOptions"/> bound from a configuration section (see <see cref="AddRealtimeVoiceAgent(IServiceCollection)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("RealtimeVoiceAgent")</c>, with <c>Endpoint</c>, <c>Model</c>, <c>ApiKey</c>, <c>Provider</c>, <c>ConnectTimeout</c>, <c>CloseTimeout</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static RealtimeVoiceAgentBuilder AddRealtimeVoiceAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        services.Configure<RealtimeClientOptions>(configuration);
        return new RealtimeVoiceAgentBuilder(services);
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<RealtimeClientOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RealtimeClientOptions>, ApiKeyFromEnvironment>());
        services.AddOptionsWithValidateOnStart<ToolRegistryOptions>();
        services.AddOptionsWithValidateOnStart<CallRelayOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RealtimeClientOptions>, RealtimeClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolRegistryOptions>, ToolRegistryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallRelayOptions>, CallRelayOptionsValidator>());

        services.TryAddSingleton(static provider => new VoiceAgentTelemetry(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(static provider => new RealtimeClient(
            provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value,
            provider.GetService<ILoggerFactory>())
        {
            Telemetry = provider.GetRequiredService<VoiceAgentTelemetry>(),
        });
        services.TryAddSingleton(static provider => new GptLiveClient(
            provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value,
            provider.GetService<ILoggerFactory>())
        {
            Telemetry = provider.GetRequiredService<VoiceAgentTelemetry>(),
        });

        // The provider alone picks the protocol: Realtime GA, or GPT-Live for OpenAILive / AzureOpenAILive.
        services.TryAddSingleton<VoiceModelClient>(static provider => provider.GetRequiredService<IOptions<RealtimeClientOptions>>().Value.IsLive
            ? provider.GetRequiredService<GptLiveClient>()
            : provider.GetRequiredService<RealtimeClient>());
        services.TryAddSingleton(static provider => new ToolRegistryFactory(
            provider.GetServices<AIFunction>(),
            provider.GetRequiredService<IOptions<ToolRegistryOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<VoiceAgentTelemetry>()));
        services.TryAddSingleton(static provider => new CallRelay(
            provider.GetRequiredService<VoiceModelClient>(),
            provider.GetServices<VoiceAgentRegistration>(),
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<ToolRegistryFactory>(),
            provider.GetRequiredService<IOptions<CallRelayOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<VoiceAgentTelemetry>(),
            provider.GetService<IRelayObserver>(),
            provider.GetService<VoiceAgentDrain>()));
    }

    // The OpenAI SDKs read OPENAI_API_KEY when no key is given; so does this registration (a class, so that registering
    // twice adds it once).
    private sealed class ApiKeyFromEnvironment : IPostConfigureOptions<RealtimeClientOptions>
    {
        public void PostConfigure(string? name, RealtimeClientOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
            }
        }
    }
}
