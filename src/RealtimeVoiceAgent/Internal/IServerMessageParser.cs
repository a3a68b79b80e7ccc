using System;
using System.Diagnostics.CodeAnalysis;
using RealtimeVoiceAgent.Events;

namespace RealtimeVoiceAgent.Internal;

// Turns a session's server messages into the model seam's events; one per receive loop, used by one thread. The Realtime
// parser maps each message to exactly one event; the GPT-Live translator may map one to none or several.
internal interface IServerMessageParser : IDisposable
{
    // The first event of one complete message, or null when it yields none; more events wait in TryTakePending.
    RealtimeServerEvent? Parse(ReadOnlyMemory<byte> message);

    // An event produced besides the one Parse returned; taken before the next message is read.
    bool TryTakePending([NotNullWhen(true)] out RealtimeServerEvent? next);
}
