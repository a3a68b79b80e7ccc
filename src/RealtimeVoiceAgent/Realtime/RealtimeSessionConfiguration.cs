using System.Collections.Generic;

namespace RealtimeVoiceAgent;

/// <summary>The session settings sent with <c>session.update</c> (GA shape, <c>"type":"realtime"</c>).</summary>
/// <remarks>
/// <c>session.update</c> is a partial update: values left <see langword="null"/> (and an empty <see cref="Tools"/> list)
/// are not sent, so the service keeps its current value. The audio formats are always sent, PCM with <c>"rate":24000</c>.
/// </remarks>
public sealed class RealtimeSessionConfiguration
{
    /// <summary>The system instructions for the model; <c>""</c> clears them.</summary>
    public string? Instructions { get; set; }

    /// <summary>The output voice; can only change before the model first produces audio.</summary>
    public RealtimeVoice? Voice { get; set; }

    /// <summary>The format of the audio sent with <see cref="RealtimeSession.SendAudioAsync"/>. Default PCM16 24 kHz; <see cref="RealtimeAudioFormat.Pcmu"/> or <see cref="RealtimeAudioFormat.Pcma"/> for G.711 at 8 kHz (phone calls, no transcoding). In a relayed call the relay sets it.</summary>
    public RealtimeAudioFormat InputAudioFormat { get; set; } = RealtimeAudioFormat.Pcm16;

    /// <summary>The format of the audio in <c>response.output_audio.delta</c>. Default PCM16 24 kHz; <see cref="RealtimeAudioFormat.Pcmu"/> or <see cref="RealtimeAudioFormat.Pcma"/> for G.711 at 8 kHz. In a relayed call the relay sets it.</summary>
    public RealtimeAudioFormat OutputAudioFormat { get; set; } = RealtimeAudioFormat.Pcm16;

    /// <summary>Transcription of the caller's audio; <see langword="null"/> leaves it unchanged (off by default at the service).</summary>
    public RealtimeTranscriptionOptions? InputTranscription { get; set; }

    /// <summary>Input noise reduction; <see langword="null"/> leaves it unchanged.</summary>
    public RealtimeNoiseReduction? NoiseReduction { get; set; }

    /// <summary>Turn detection; <see langword="null"/> leaves it unchanged, <see cref="RealtimeTurnDetection.Disabled"/> turns it off.</summary>
    public RealtimeTurnDetection? TurnDetection { get; set; }

    /// <summary>The function tools the model may call. Sent only when not empty.</summary>
    public IList<RealtimeToolDefinition> Tools { get; } = new List<RealtimeToolDefinition>();

    /// <summary>
    /// <see cref="RealtimeToolChoice.Auto"/>, <see cref="RealtimeToolChoice.None"/>, <see cref="RealtimeToolChoice.Required"/>,
    /// or <see cref="RealtimeToolChoice.Function"/> to force one function; <see langword="null"/> leaves it unchanged.
    /// </summary>
    public RealtimeToolChoice? ToolChoice { get; set; }

    /// <summary>
    /// <see cref="RealtimeOutputModality.Audio"/> (service default; audio always comes with a transcript) or
    /// <see cref="RealtimeOutputModality.Text"/>; only one is allowed. <see langword="null"/> leaves it unchanged.
    /// </summary>
    public IList<RealtimeOutputModality>? OutputModalities { get; set; }

    /// <summary>The maximum output tokens per response, 1–4096; <see langword="null"/> leaves it unchanged (service default unlimited).</summary>
    public int? MaxOutputTokens { get; set; }
}
