namespace RealtimeVoiceAgent.Relay;

/// <summary>What a caller transport received or is asked to send.</summary>
internal enum CallerMessageKind
{
    /// <summary>A UTF-8 JSON text message.</summary>
    Text,

    /// <summary>A binary message (PCM16 LE audio in binary mode).</summary>
    Binary,

    /// <summary>The caller closed the connection.</summary>
    Closed,

    /// <summary>The message was larger than the frame limit; the transport stopped reading it.</summary>
    TooLarge,
}
