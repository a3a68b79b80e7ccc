namespace RealtimeVoiceAgent.Events;

/// <summary>Why a response ended the way it did (<c>status_details</c>).</summary>
public sealed class RealtimeResponseStatusDetails
{
    internal RealtimeResponseStatusDetails()
    {
    }

    /// <summary>Mirrors the status: <c>completed</c>, <c>cancelled</c>, <c>failed</c> or <c>incomplete</c>.</summary>
    public string? Type { get; internal init; }

    /// <summary><c>turn_detected</c>, <c>client_cancelled</c>, <c>max_output_tokens</c> or <c>content_filter</c>.</summary>
    public string? Reason { get; internal init; }

    /// <summary>For failed responses: the error type.</summary>
    public string? ErrorType { get; internal init; }

    /// <summary>For failed responses: the error code.</summary>
    public string? ErrorCode { get; internal init; }
}
