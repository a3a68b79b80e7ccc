using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Contacts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the VoiceContacts agent.</summary>
public static class ContactAgentBuilderExtensions
{
    /// <summary>
    /// Registers the <see cref="ContactAgent"/> (named <see cref="ContactAgent.DefaultName"/> unless named otherwise), the
    /// <see cref="ContactCollector"/> it uses (a singleton) and a hosted service that purges call records older than
    /// <see cref="ContactCollectorOptions.RetentionDays"/>. A contact store must be chosen too, for example with
    /// <c>UseSqliteContacts</c>. Only this agent's calls get the contact instructions, greeting and tools.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the region, duplicate-email policy or instructions; may be called again to change them.</param>
    /// <param name="name">The agent's name; <see langword="null"/> for <see cref="ContactAgent.DefaultName"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RealtimeVoiceAgentBuilder AddContactAgent(this RealtimeVoiceAgentBuilder builder, Action<ContactCollectorOptions>? configure = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<ContactCollectorOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContactCollectorOptions>, ContactCollectorOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static provider => new ContactCollector(
            provider.GetService<IContactRepository>()
                ?? throw new InvalidOperationException("AddContactAgent needs a contact store: call UseSqliteContacts(...) or UseMongoContacts(...), or register an IContactRepository."),
            provider.GetRequiredService<IOptions<ContactCollectorOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>()));

        // Purges call records past VoiceContacts:RetentionDays (nothing when it is not set).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CallRecordRetentionService>(static provider => new CallRecordRetentionService(
            provider.GetRequiredService<ContactCollector>().Repository,
            provider.GetRequiredService<IOptions<ContactCollectorOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<CallRecordRetentionService>>() ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<CallRecordRetentionService>.Instance)));
        return builder.AddAgent<ContactAgent>(name ?? ContactAgent.DefaultName);
    }
}
