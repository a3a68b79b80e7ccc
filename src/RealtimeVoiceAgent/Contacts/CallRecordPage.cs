using System.Collections.Generic;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>One page of call records, newest first (by start time), and where the next page starts.</summary>
/// <param name="Items">The call records.</param>
/// <param name="Next">The cursor of the next page, or <see langword="null"/> when this is the last one.</param>
public sealed record CallRecordPage(IReadOnlyList<CallRecord> Items, PageCursor? Next);
