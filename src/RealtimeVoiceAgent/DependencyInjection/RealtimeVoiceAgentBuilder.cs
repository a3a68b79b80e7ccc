using System;
using System.Linq;
using Microsoft.Extensions.AI;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds agents, shared tools and settings to a RealtimeVoiceAgent registration.</summary>
/// <remarks>Adding the same agent type or tool again does nothing. Store packages add <c>UseSqliteContacts</c> and <c>UseMongoContacts</c>; <c>AddContactAgent</c> adds the VoiceContacts agent.</remarks>
public sealed class RealtimeVoiceAgentBuilder
{
    /// <summary>The name an agent gets when it is registered without one.</summary>
    public const string DefaultAgentName = "default";

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

    /// <summary>Registers an agent under <see cref="DefaultAgentName"/> (see <see cref="AddAgent{TAgent}(string)"/>).</summary>
    /// <typeparam name="TAgent">The agent.</typeparam>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">Another agent is registered under <see cref="DefaultAgentName"/>.</exception>
    public RealtimeVoiceAgentBuilder AddAgent<TAgent>()
        where TAgent : VoiceAgent => AddAgent<TAgent>(DefaultAgentName);

    /// <summary>
    /// Registers an agent: each call creates a new <typeparamref name="TAgent"/> in the call's service scope, with any
    /// registered service as constructor arguments, and the call's <see cref="CallContext"/> when a constructor takes one.
    /// </summary>
    /// <typeparam name="TAgent">The agent.</typeparam>
    /// <param name="name">The name routes select it by (<c>MapVoiceAgent(pattern, agent: name)</c>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or another agent is registered under it.</exception>
    public RealtimeVoiceAgentBuilder AddAgent<TAgent>(string name)
        where TAgent : VoiceAgent
    {
        // The call's context is passed only to an agent with a constructor that takes it: ActivatorUtilities rejects an
        // argument no constructor uses, and an agent that needs only services must not have to take (and ignore) it.
        if (typeof(TAgent).GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(CallContext))))
        {
            var withContext = ActivatorUtilities.CreateFactory<TAgent>([typeof(CallContext)]);
            return Add(new VoiceAgentRegistration(name, typeof(TAgent), (services, context) => withContext(services, [context])));
        }

        var factory = ActivatorUtilities.CreateFactory<TAgent>([]);
        return Add(new VoiceAgentRegistration(name, typeof(TAgent), (services, _) => factory(services, [])));
    }

    /// <summary>Registers an agent created by a factory, once per call, under <see cref="DefaultAgentName"/>.</summary>
    /// <param name="factory">Creates the agent of one call from the call's services and context.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Another agent is registered under <see cref="DefaultAgentName"/>.</exception>
    public RealtimeVoiceAgentBuilder AddAgent(Func<IServiceProvider, CallContext, VoiceAgent> factory) => AddAgent(factory, DefaultAgentName);

    /// <summary>Registers an agent created by a factory, once per call.</summary>
    /// <param name="factory">Creates the agent of one call from the call's services and context.</param>
    /// <param name="name">The name routes select it by (<c>MapVoiceAgent(pattern, agent: name)</c>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or another agent is registered under it.</exception>
    public RealtimeVoiceAgentBuilder AddAgent(Func<IServiceProvider, CallContext, VoiceAgent> factory, string name)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Add(new VoiceAgentRegistration(name, null, factory));
    }

    /// <summary>Adds a tool offered to the model in every call, whatever the agent, beside the agent's own tools.</summary>
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

    /// <summary>Configures the timeouts and error detail of every call's tools.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public RealtimeVoiceAgentBuilder ConfigureTools(Action<ToolRegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures the default limits of calls (<see cref="CallRelay.RunAsync"/> without options; the ASP.NET Core endpoint has its own per route).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public RealtimeVoiceAgentBuilder ConfigureCalls(Action<CallRelayOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    private RealtimeVoiceAgentBuilder Add(VoiceAgentRegistration registration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Name, "name");
        foreach (ServiceDescriptor descriptor in Services.Where(d => d.ServiceType == typeof(VoiceAgentRegistration)))
        {
            if (descriptor.ImplementationInstance is VoiceAgentRegistration existing && existing.Name == registration.Name)
            {
                if (existing.AgentType is not null && existing.AgentType == registration.AgentType)
                {
                    return this;
                }

                throw new ArgumentException($"Another agent is registered as '{registration.Name}'; give each agent its own name (AddAgent<TAgent>(\"name\")).", "name");
            }
        }

        Services.AddSingleton(registration);
        return this;
    }
}
