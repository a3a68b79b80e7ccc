using System;

namespace RealtimeVoiceAgent;

/// <summary>A named agent as <c>AddAgent</c> registered it: how to create one instance per call.</summary>
/// <param name="Name">The name routes select it by (<c>MapVoiceAgent(pattern, agent: name)</c>).</param>
/// <param name="AgentType">The agent's type when registered by type (re-registering the same type is not a conflict); null for a factory.</param>
/// <param name="Create">Creates the agent of one call from the call's services and context.</param>
internal sealed record VoiceAgentRegistration(string Name, Type? AgentType, Func<IServiceProvider, CallContext, VoiceAgent> Create);
