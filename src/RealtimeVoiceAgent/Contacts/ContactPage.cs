using System.Collections.Generic;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>One page of contacts, newest first, and where the next page starts.</summary>
/// <param name="Items">The contacts.</param>
/// <param name="Next">The cursor of the next page, or <see langword="null"/> when this is the last one.</param>
public sealed record ContactPage(IReadOnlyList<Contact> Items, PageCursor? Next);
