using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Events;

/// <summary>A model response (<c>response.created</c> / <c>response.done</c>); audio bytes are never included.</summary>
public sealed class RealtimeResponse
{
    /// <summary>The response id, e.g. <c>resp_…</c>.</summary>
    public string? Id { get; init; }

    /// <summary>In progress, completed, cancelled, failed or incomplete; <see langword="null"/> when absent.</summary>
    public RealtimeResponseStatus? Status { get; init; }

    /// <summary>Why the response ended, or <see langword="null"/>.</summary>
    public RealtimeResponseStatusDetails? StatusDetails { get; init; }

    /// <summary>Token usage; <see langword="null"/> in <c>response.created</c>.</summary>
    public RealtimeUsage? Usage { get; init; }

    /// <summary>The conversation the response was written to, or <see langword="null"/> for out-of-band responses.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The output items (messages and function calls).</summary>
    public IReadOnlyList<RealtimeItem> Output { get; init; } = Array.Empty<RealtimeItem>();
}
