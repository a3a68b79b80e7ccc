namespace RealtimeVoiceAgent.Tools;

/// <summary>The outcome of one function call, ready to send back as <c>function_call_output</c>.</summary>
public sealed class ToolInvocationResult
{
    internal ToolInvocationResult(string callId, string toolName, string output, object? value, ToolError? error, bool isDuplicate)
    {
        CallId = callId;
        ToolName = toolName;
        Output = output;
        Value = value;
        Error = error;
        IsDuplicate = isDuplicate;
    }

    /// <summary>The <c>call_id</c> of the function call.</summary>
    public string CallId { get; }

    /// <summary>The function name the model called.</summary>
    public string ToolName { get; }

    /// <summary>
    /// The JSON to send as the <c>output</c> of the <c>function_call_output</c> item:
    /// <c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error":{"code","message","field"?}}</c>.
    /// </summary>
    public string Output { get; }

    /// <summary>Whether the tool succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>
    /// The typed value the handler returned (unwrapped from <see cref="ToolResult"/>), or <see langword="null"/>
    /// when it failed or returned nothing. For tools registered as <see cref="Microsoft.Extensions.AI.AIFunction"/>
    /// instances this is whatever their <c>InvokeAsync</c> returned (usually a <see cref="System.Text.Json.JsonElement"/>).
    /// </summary>
    public object? Value { get; }

    /// <summary>The error reported to the model, or <see langword="null"/> when the tool succeeded.</summary>
    public ToolError? Error { get; }

    /// <summary>
    /// <see langword="true"/> when this <see cref="CallId"/> had already been invoked: the handler did not run
    /// again and this result repeats the first one (same <see cref="Output"/> and <see cref="Value"/>).
    /// </summary>
    /// <remarks>A relay should not repeat side effects for a duplicate (for example send <c>contact_saved</c> twice).</remarks>
    public bool IsDuplicate { get; }

    internal ToolInvocationResult AsDuplicate() => new(CallId, ToolName, Output, Value, Error, isDuplicate: true);
}
