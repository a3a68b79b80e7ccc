using System;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds tools, the contact collector and a contact store to a RealtimeVoiceAgent registration.</summary>
/// <remarks>Every method is idempotent: calling it twice registers once. Store packages add <c>UseSqliteContacts</c> and <c>UseMongoContacts</c>.</remarks>
public sealed class RealtimeVoiceAgentBuilder
{
    /// <summary>Creates a builder over a service collection.</summary>
    /// <param name="services">The services to register into.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public RealtimeVoiceAgentBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The services being registered into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the <see cref="ContactCollector"/> (singleton), so every call's tools include <c>save_contact</c> and
    /// <c>update_contact</c>. A contact store must be chosen too, for example with <c>UseSqliteContacts</c>.
    /// </summary>
    /// <param name="configure">Sets the region, duplicate-email policy or instructions; may be called again to change them.</param>
    /// <returns>This builder.</returns>
    public RealtimeVoiceAgentBuilder AddContactCollector(Action<ContactCollectorOptions>? configure = null)
    {
        Services.AddOptionsWithValidateOnStart<ContactCollectorOptions>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ContactCollectorOptions>, ContactCollectorOptionsValidator>());
        if (configure is not null)
        {
            Services.Configure(configure);
        }

        Services.TryAddSingleton(static services => new ContactCollector(
            services.GetService<IContactRepository>()
                ?? throw new InvalidOperationException("AddContactCollector needs a contact store: call UseSqliteContacts(...) or UseMongoContacts(...), or register an IContactRepository."),
            services.GetRequiredService<IOptions<ContactCollectorOptions>>().Value,
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>()));
        return this;
    }

    /// <summary>Adds a tool offered to the model in every call.</summary>
    /// <param name="function">The function.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A different tool with the same name is already registered.</exception>
    public RealtimeVoiceAgentBuilder AddTool(AIFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (ServiceDescriptor descriptor in Services.Where(d => d.ServiceType == typeof(AIFunction)))
        {
            if (ReferenceEquals(descriptor.ImplementationInstance, function))
            {
                return this;
            }

            if (descriptor.ImplementationInstance is AIFunction other && other.Name == function.Name)
            {
                // The same method registered again under the same name (AddTool(handler) called twice) is not a conflict.
                if (other.UnderlyingMethod is not null && other.UnderlyingMethod == function.UnderlyingMethod)
                {
                    return this;
                }

                throw new ArgumentException($"A different tool named '{function.Name}' is already registered; tool names must be unique.", nameof(function));
            }
        }

        Services.AddSingleton(function);
        return this;
    }

    /// <summary>Adds a delegate as a tool offered to the model in every call (created with <c>AIFunctionFactory</c>).</summary>
    /// <param name="handler">The method; its parameters become the tool's JSON Schema.</param>
    /// <param name="name">The tool name; <see langword="null"/> derives it from the method.</param>
    /// <param name="description">The description for the model.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Handlers run on the thread pool, without a synchronization context. Adding the same method under the same name again does nothing.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A different tool with the same name is already registered.</exception>
    public RealtimeVoiceAgentBuilder AddTool(Delegate handler, string? name = null, string? description = null)
        => AddTool(ToolRegistry.CreateFunction(handler, name, description));

    /// <summary>Configures the timeouts and error detail of every call's <see cref="ToolRegistry"/>.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public RealtimeVoiceAgentBuilder ConfigureTools(Action<ToolRegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
