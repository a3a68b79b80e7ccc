namespace RealtimeVoiceAgent;

/// <summary>One finished transcript line of a call, passed to <see cref="VoiceAgent.OnTranscriptAsync"/>.</summary>
/// <param name="Role">Who said it.</param>
/// <param name="ItemId">The conversation item it belongs to, if the model named one.</param>
/// <param name="Text">What was said.</param>
public sealed record CallTranscript(CallTranscriptRole Role, string? ItemId, string Text);
