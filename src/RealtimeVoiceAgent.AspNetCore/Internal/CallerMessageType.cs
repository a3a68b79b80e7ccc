namespace RealtimeVoiceAgent.AspNetCore.Internal;

/// <summary>The client -> server message types of the caller protocol.</summary>
internal enum CallerMessageType
{
    /// <summary>The message could not be understood; <see cref="CallerMessage.Error"/> says why.</summary>
    Invalid,

    /// <summary><c>audio_chunk</c>: base64 PCM16 24 kHz microphone audio.</summary>
    AudioChunk,

    /// <summary><c>cancel</c>: the caller interrupts the AI (optional <c>itemId</c>, <c>playedMs</c>).</summary>
    Cancel,

    /// <summary><c>playback</c>: how much of an assistant item the caller has played.</summary>
    Playback,

    /// <summary>A well-formed message of another type: the caller app's own, for the agent (<see cref="CallerMessage.AppType"/>).</summary>
    App,
}
