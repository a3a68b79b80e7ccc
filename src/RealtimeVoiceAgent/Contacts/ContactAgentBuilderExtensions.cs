using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Contacts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the VoiceContacts agent.</summary>
public static class ContactAgentBuilderExtensions
{
    /// <summary>
    /// Registers the <see cref="ContactAgent"/> (named <see cref="ContactAgent.DefaultName"/> unless named otherwise) and
    /// the <see cref="ContactCollector"/> it uses (a singleton). A contact store must be chosen too, for example with
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
        return builder.AddAgent<ContactAgent>(name ?? ContactAgent.DefaultName);
    }
}
