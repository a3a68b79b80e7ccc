namespace RealtimeVoiceAgent.Tools;

/// <summary>The error codes <see cref="ToolRegistry"/> itself produces in a tool's error output.</summary>
public static class ToolErrorCodes
{
    /// <summary>The model called a function that is not registered.</summary>
    public const string UnknownTool = "unknown_tool";

    /// <summary>The arguments were not a JSON object, missed a required argument or had the wrong type.</summary>
    public const string InvalidArguments = "invalid_arguments";

    /// <summary>The tool's handler threw an exception.</summary>
    public const string ToolFailed = "tool_failed";

    /// <summary>The tool's handler did not finish within its timeout.</summary>
    public const string Timeout = "timeout";
}
