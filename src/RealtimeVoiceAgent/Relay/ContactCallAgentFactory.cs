using System;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// The VoiceContacts agent: each call gets the contact collector's instructions, its <c>save_contact</c> and
/// <c>update_contact</c> tools bound to that call, and the seed's greeting.
/// </summary>
internal sealed class ContactCallAgentFactory : ICallAgentFactory
{
    /// <summary>The seed's greeting instruction (sent once, after <c>session.updated</c>).</summary>
    public const string GreetingInstructions = "Greet the caller warmly, say you will collect their contact details, and ask for their full name.";

    private readonly ContactCollector _collector;
    private readonly ILoggerFactory? _loggerFactory;

    public ContactCallAgentFactory(RealtimeClient? client, ContactCollector collector, ILoggerFactory? loggerFactory = null)
    {
        Client = client;
        _collector = collector;
        _loggerFactory = loggerFactory;
    }

    public RealtimeClient? Client { get; }

    public ICallAgent CreateAgent(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return new ContactCallAgent(_collector, callId, _loggerFactory);
    }
}
