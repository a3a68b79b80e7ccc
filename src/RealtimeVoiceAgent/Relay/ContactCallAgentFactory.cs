using System;
using RealtimeVoiceAgent.Contacts;
using RealtimeVoiceAgent.Tools;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The VoiceContacts agent: each call gets the contact collector's instructions, a tool registry of its own (the
/// application's tools plus <c>save_contact</c> and <c>update_contact</c> bound to that call), and the seed's greeting.
/// </summary>
internal sealed class ContactCallAgentFactory : ICallAgentFactory
{
    /// <summary>The seed's greeting instruction (sent once, after <c>session.updated</c>).</summary>
    public const string GreetingInstructions = "Greet the caller warmly, say you will collect their contact details, and ask for their full name.";

    private readonly ToolRegistryFactory _tools;

    public ContactCallAgentFactory(RealtimeClient? client, ToolRegistryFactory tools)
    {
        Client = client;
        _tools = tools;
    }

    public RealtimeClient? Client { get; }

    public ICallAgent CreateAgent(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return new ContactCallAgent(_tools.Create(callId), _tools.ContactInstructions ?? ContactCollector.DefaultInstructions);
    }
}
