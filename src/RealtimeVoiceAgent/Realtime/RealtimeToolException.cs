using System;

namespace RealtimeVoiceAgent;

/// <summary>A tool handler failed while answering a function call from the model.</summary>
public sealed class RealtimeToolException : RealtimeVoiceAgentException
{
    /// <summary>Creates a tool exception.</summary>
    /// <param name="toolName">The function name the model called.</param>
    /// <param name="callId">The <c>call_id</c> of the function call.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The handler's exception.</param>
    public RealtimeToolException(string toolName, string callId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ToolName = toolName;
        CallId = callId;
    }

    /// <summary>The function name the model called.</summary>
    public string ToolName { get; }

    /// <summary>The <c>call_id</c> of the function call.</summary>
    public string CallId { get; }
}
