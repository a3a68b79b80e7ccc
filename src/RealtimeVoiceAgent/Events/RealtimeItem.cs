using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary>A conversation item: a message, a function call or a function call output.</summary>
public sealed class RealtimeItem
{
    internal RealtimeItem()
    {
    }

    /// <summary>The item id, e.g. <c>item_…</c>.</summary>
    public string? Id { get; internal init; }

    /// <summary>A message, a function call, a function call output, or an MCP item; <see langword="null"/> when absent.</summary>
    public RealtimeItemType? Type { get; internal init; }

    /// <summary>For messages: user, assistant or system.</summary>
    public RealtimeItemRole? Role { get; internal init; }

    /// <summary>In progress, completed or incomplete; the service may leave it out.</summary>
    public RealtimeItemStatus? Status { get; internal init; }

    /// <summary>For function calls and their outputs: the call id.</summary>
    public string? CallId { get; internal init; }

    /// <summary>For function calls: the function name.</summary>
    public string? Name { get; internal init; }

    /// <summary>For function calls: the JSON arguments (complete once the item is done).</summary>
    public string? Arguments { get; internal init; }

    /// <summary>For function call outputs: the output string.</summary>
    public string? Output { get; internal init; }

    /// <summary>For messages: the content parts.</summary>
    public IReadOnlyList<RealtimeContentPart> Content { get; internal init; } = Array.Empty<RealtimeContentPart>();
}
