using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Relay;

/// <summary>
/// What the agent of one call is: its session configuration, its greeting, and its tools. One instance per call,
/// so per-call tool state (the contact saved in this call) lives here.
/// </summary>
internal interface ICallAgent
{
    /// <summary>The <c>session.update</c> sent when the model connection opens.</summary>
    RealtimeSessionConfiguration SessionConfiguration { get; }

    /// <summary>The greeting <c>response.create</c>, sent once after <c>session.updated</c>.</summary>
    RealtimeResponseOptions Greeting { get; }

    /// <summary>Runs one function call from the model. Never throws for a tool failure: the failure is the output.</summary>
    ValueTask<CallToolOutcome> InvokeToolAsync(string callId, string name, string argumentsJson, CancellationToken cancellationToken);
}
