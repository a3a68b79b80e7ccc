using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary>A model response (<c>response.created</c> / <c>response.done</c>); audio bytes are never included.</summary>
public sealed class RealtimeResponse
{
    internal RealtimeResponse()
    {
    }

    /// <summary>The response id, e.g. <c>resp_…</c>.</summary>
    public string? Id { get; internal init; }

    /// <summary>In progress, completed, cancelled, failed or incomplete; <see langword="null"/> when absent.</summary>
    public RealtimeResponseStatus? Status { get; internal init; }

    /// <summary>Why the response ended, or <see langword="null"/>.</summary>
    public RealtimeResponseStatusDetails? StatusDetails { get; internal init; }

    /// <summary>Token usage; <see langword="null"/> in <c>response.created</c>.</summary>
    public RealtimeUsage? Usage { get; internal init; }

    /// <summary>The conversation the response was written to, or <see langword="null"/> for out-of-band responses.</summary>
    public string? ConversationId { get; internal init; }

    /// <summary>The output items (messages and function calls).</summary>
    public IReadOnlyList<RealtimeItem> Output { get; internal init; } = Array.Empty<RealtimeItem>();
}
