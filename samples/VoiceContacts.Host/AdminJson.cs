using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeVoiceAgent.Contacts;

namespace VoiceContacts.Host;

// The admin API's JSON (docs/configuration.md, Admin API). Every shape is an object, so fields can be added without
// breaking clients: a contact is the same object in the list, the detail and (as columns) the CSV export.

/// <summary>A page of items and the cursor of the next page (<see langword="null"/> on the last page).</summary>
internal sealed record PageJson<T>(IReadOnlyList<T> Items, string? NextCursor);

// The phone both ways: E.164 as stored (for systems) and in international format (phoneDisplay, for people).
internal sealed record ContactJson(string Id, string Name, string Email, string Phone, string? PhoneExtension, string PhoneDisplay, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CallId)
{
    public static ContactJson From(Contact c) => new(
        c.Id, c.Name, c.Email, c.Phone, c.PhoneExtension, ContactNormalizer.FormatPhoneForDisplay(c.Phone, c.PhoneExtension), c.CreatedAt, c.UpdatedAt, c.CallId);
}

internal sealed record ContactChangeJson(string Field, string? OldValue, string NewValue, string? CallId, DateTimeOffset ChangedAt)
{
    public static ContactChangeJson From(ContactChange c) => new(c.Field.ToString().ToLowerInvariant(), c.OldValue, c.NewValue, c.CallId, c.ChangedAt);
}

internal sealed record TranscriptLineJson(string Role, string Text, DateTimeOffset At)
{
    public static TranscriptLineJson From(CallTranscriptEntry line) => new(line.Role.ToString().ToLowerInvariant(), line.Text, line.At);
}

internal sealed record CallJson(
    string CallId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    string EndReason,
    string Transport,
    long InputTokens,
    long OutputTokens,
    string? ContactId,
    IReadOnlyList<TranscriptLineJson>? Transcript)
{
    public static CallJson From(CallRecord c, IReadOnlyList<CallTranscriptEntry>? transcript = null) => new(
        c.CallId, c.StartedAt, c.EndedAt, c.Duration.TotalSeconds, c.EndReason.ToString(), c.TransportKind, c.InputTokens, c.OutputTokens, c.ContactId,
        transcript?.Select(TranscriptLineJson.From).ToArray());
}

internal sealed record ContactDetailJson(ContactJson Contact, IReadOnlyList<ContactChangeJson> History, IReadOnlyList<CallJson> Calls);
