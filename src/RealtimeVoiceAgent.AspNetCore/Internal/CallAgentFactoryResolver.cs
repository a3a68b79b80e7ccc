using System;
using Microsoft.Extensions.DependencyInjection;
using RealtimeVoiceAgent.Relay;

namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>Finds what calls need in the application's services.</summary>
internal static class CallAgentFactoryResolver
{
    public static ICallAgentFactory Resolve(IServiceProvider services) =>
        services.GetService<ICallAgentFactory>()
        ?? throw new InvalidOperationException("MapVoiceAgent needs services.AddRealtimeVoiceAgent(...) to be called first.");
}
