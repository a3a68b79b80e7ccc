using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary>A conversation item: a message, a function call or a function call output.</summary>
public sealed class RealtimeItem
{
    /// <summary>The item id, e.g. <c>item_…</c>.</summary>
    public string? Id { get; init; }

    /// <summary><c>message</c>, <c>function_call</c>, <c>function_call_output</c>, or an MCP item type.</summary>
    public string? Type { get; init; }

    /// <summary>For messages: <c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
    public string? Role { get; init; }

    /// <summary><c>in_progress</c>, <c>completed</c> or <c>incomplete</c>; may be absent.</summary>
    public string? Status { get; init; }

    /// <summary>For function calls and their outputs: the call id.</summary>
    public string? CallId { get; init; }

    /// <summary>For function calls: the function name.</summary>
    public string? Name { get; init; }

    /// <summary>For function calls: the JSON arguments (complete once the item is done).</summary>
    public string? Arguments { get; init; }

    /// <summary>For function call outputs: the output string.</summary>
    public string? Output { get; init; }

    /// <summary>For messages: the content parts.</summary>
    public IReadOnlyList<RealtimeContentPart> Content { get; init; } = Array.Empty<RealtimeContentPart>();
}
