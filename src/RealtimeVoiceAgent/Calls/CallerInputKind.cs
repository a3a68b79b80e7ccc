namespace RealtimeVoiceAgent.Calls;

/// <summary>What a caller transport received.</summary>
public enum CallerInputKind
{
    /// <summary>Caller audio in the transport's <see cref="CallerTransport.InputFormat"/> (<see cref="CallerInput.Audio"/>).</summary>
    Audio,

    /// <summary>The caller interrupts the assistant (optionally with what it played: <see cref="CallerInput.ItemId"/>, <see cref="CallerInput.PlayedMs"/>).</summary>
    Cancel,

    /// <summary>How much of an assistant item the caller has played (<see cref="CallerInput.ItemId"/>, <see cref="CallerInput.PlayedMs"/>).</summary>
    Playback,

    /// <summary>
    /// A message of the caller's app that the transport does not handle itself (<see cref="CallerInput.AppMessageType"/>,
    /// <see cref="CallerInput.AppMessage"/>), for the agent's <see cref="VoiceAgent.OnAppMessageAsync"/>; one the agent does
    /// not handle is answered like <see cref="Invalid"/>.
    /// </summary>
    AppMessage,

    /// <summary>A message the transport could not accept (<see cref="CallerInput.Error"/>); the caller is told and the call goes on.</summary>
    Invalid,

    /// <summary>A message larger than the transport's limit; the call ends with <see cref="CallEndReason.FrameTooLarge"/>.</summary>
    TooLarge,

    /// <summary>The caller hung up.</summary>
    Closed,

    /// <summary>Input the caller typed (keypad digits, browser text) in <see cref="CallerInput.Text"/>: a user message the model answers.</summary>
    Text,
}
