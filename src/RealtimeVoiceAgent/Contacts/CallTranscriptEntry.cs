using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>One stored transcript line of a call (kept only when <see cref="ContactCollectorOptions.StoreTranscripts"/> is on).</summary>
/// <param name="Role">Who said it.</param>
/// <param name="Text">What was said (personal data: erased with the contact).</param>
/// <param name="At">When the line was finished (UTC, millisecond precision).</param>
public sealed record CallTranscriptEntry(CallTranscriptRole Role, string Text, DateTimeOffset At);
