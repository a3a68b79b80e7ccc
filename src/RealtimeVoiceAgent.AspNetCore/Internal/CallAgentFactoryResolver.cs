using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent.Relay;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>Finds what calls need in the application's services (registered by <c>AddRealtimeVoiceAgent</c>).</summary>
internal static class CallAgentFactoryResolver
{
    public static ICallAgentFactory Resolve(IServiceProvider services)
    {
        if (services.GetService<ICallAgentFactory>() is { } custom)
        {
            return custom;
        }

        var tools = services.GetService<ToolRegistryFactory>()
            ?? throw new InvalidOperationException("MapVoiceAgent needs services.AddRealtimeVoiceAgent(...) (with AddContactCollector() and a contact store for VoiceContacts) to be called first.");
        var options = services.GetRequiredService<IOptions<RealtimeClientOptions>>().Value;
        // Without an API key the model cannot be called (the client refuses a remote endpoint without one): the host still
        // runs, and each call is told not_configured. A loopback endpoint (a local proxy or fake) needs no key.
        var configured = !string.IsNullOrWhiteSpace(options.ApiKey) || options.Endpoint is { IsLoopback: true };
        return new ContactCallAgentFactory(configured ? services.GetRequiredService<RealtimeClient>() : null, tools);
    }
}
