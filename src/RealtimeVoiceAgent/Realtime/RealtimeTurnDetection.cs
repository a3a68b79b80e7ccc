namespace RealtimeVoiceAgent;

/// <summary>Turn detection (<c>audio.input.turn_detection</c>): semantic VAD, server VAD, or <see cref="Disabled"/> for manual commits.</summary>
/// <remarks>Unset optional values are not sent, so the service defaults apply.</remarks>
public sealed class RealtimeTurnDetection
{
    /// <summary>Creates a turn detection setting of the given type.</summary>
    /// <param name="type">Semantic or server VAD.</param>
    public RealtimeTurnDetection(RealtimeTurnDetectionType type)
    {
        Type = type;
    }

    private RealtimeTurnDetection()
    {
        IsDisabled = true;
    }

    /// <summary>No turn detection (<c>"turn_detection": null</c>): the client commits audio and asks for responses itself (push to talk).</summary>
    public static RealtimeTurnDetection Disabled { get; } = new();

    /// <summary>Semantic VAD with the service defaults.</summary>
    public static RealtimeTurnDetection SemanticVad => new(RealtimeTurnDetectionType.SemanticVad);

    /// <summary>Server VAD with the service defaults.</summary>
    public static RealtimeTurnDetection ServerVad => new(RealtimeTurnDetectionType.ServerVad);

    /// <summary><see langword="true"/> for <see cref="Disabled"/>.</summary>
    public bool IsDisabled { get; }

    /// <summary>The detection type (meaningless when <see cref="IsDisabled"/>).</summary>
    public RealtimeTurnDetectionType Type { get; }

    /// <summary>Server VAD: activation threshold 0.0–1.0 (service default 0.5).</summary>
    public double? Threshold { get; init; }

    /// <summary>Server VAD: audio kept before detected speech, in milliseconds (service default 300).</summary>
    public int? PrefixPaddingMs { get; init; }

    /// <summary>Server VAD: silence that ends a turn, in milliseconds.</summary>
    public int? SilenceDurationMs { get; init; }

    /// <summary>Server VAD: idle time after which the service prompts the caller, 5000–30000 ms.</summary>
    public int? IdleTimeoutMs { get; init; }

    /// <summary>Semantic VAD: <c>low</c>, <c>medium</c>, <c>high</c> or <c>auto</c> (default).</summary>
    public string? Eagerness { get; init; }

    /// <summary>Whether the service creates a response when the caller stops speaking (service default <see langword="true"/>).</summary>
    public bool? CreateResponse { get; init; }

    /// <summary>Whether the service cancels the active response when the caller starts speaking (service default <see langword="true"/>).</summary>
    public bool? InterruptResponse { get; init; }
}
