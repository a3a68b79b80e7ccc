using System;
using Microsoft.Extensions.Logging;

namespace RealtimeVoiceAgent.Tools;

public sealed partial class ToolRegistry
{
    [LoggerMessage(1, LogLevel.Debug, "Invoking tool {ToolName} for call {CallId}.")]
    private partial void LogInvoking(string toolName, string callId);

    // Arguments carry personal data (names, emails, phones): Trace only.
    [LoggerMessage(2, LogLevel.Trace, "Tool {ToolName} call {CallId} arguments: {Arguments}")]
    private partial void LogArguments(string toolName, string callId, string arguments);

    [LoggerMessage(3, LogLevel.Warning, "The model called unknown tool {ToolName} (call {CallId}).")]
    private partial void LogUnknownTool(string toolName, string callId);

    [LoggerMessage(4, LogLevel.Debug, "Tool {ToolName} call {CallId} had invalid arguments: {Reason}")]
    private partial void LogInvalidArguments(string toolName, string callId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Tool {ToolName} call {CallId} did not finish within {Timeout}.")]
    private partial void LogTimedOut(string toolName, string callId, TimeSpan timeout);

    [LoggerMessage(6, LogLevel.Warning, "Tool {ToolName} call {CallId} failed.")]
    private partial void LogToolFailed(string toolName, string callId, Exception exception);

    [LoggerMessage(7, LogLevel.Debug, "Tool {ToolName} call {CallId} was already invoked; returning the first result.")]
    private partial void LogDuplicateCall(string toolName, string callId);
}
