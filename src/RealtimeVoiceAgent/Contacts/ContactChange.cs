using System;
using System.Collections.Generic;
using System.Globalization;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>One entry of a contact's history: a field that was set or changed, its old and new value, by which call and when.</summary>
/// <remarks>Saving a contact records each field with a <see langword="null"/> <see cref="OldValue"/>; an update records only
/// the fields whose value changed. The phone's value includes its extension (<see cref="FormatPhone"/>).</remarks>
public sealed record ContactChange
{
    /// <summary>The contact.</summary>
    public required string ContactId { get; init; }

    /// <summary>The field.</summary>
    public required ContactField Field { get; init; }

    /// <summary>The value before the change; <see langword="null"/> when the contact was created.</summary>
    public string? OldValue { get; init; }

    /// <summary>The value after the change.</summary>
    public required string NewValue { get; init; }

    /// <summary>The call that made the change, or <see langword="null"/> when it was not made in a call.</summary>
    public string? CallId { get; init; }

    /// <summary>When the change was made (UTC, millisecond precision).</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>The history entries between two states of a contact: every field of a new contact, or the fields that changed.</summary>
    /// <param name="before">The contact as stored before, or <see langword="null"/> for a new contact.</param>
    /// <param name="after">The contact as stored after.</param>
    /// <param name="callId">The call that made the change, or <see langword="null"/>.</param>
    /// <returns>The entries in field order (name, email, phone); empty when nothing changed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="after"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ContactChange> Compare(Contact? before, Contact after, string? callId)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ContactChange>(3);
        DateTimeOffset at = Contact.TruncateToMilliseconds(before is null ? after.CreatedAt : after.UpdatedAt);
        Add(ContactField.Name, before?.Name, after.Name);
        Add(ContactField.Email, before?.Email, after.Email);
        Add(ContactField.Phone, before is null ? null : FormatPhone(before.Phone, before.PhoneExtension), FormatPhone(after.Phone, after.PhoneExtension));
        return changes;

        void Add(ContactField field, string? oldValue, string newValue)
        {
            if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
            {
                changes.Add(new ContactChange { ContactId = after.Id, Field = field, OldValue = oldValue, NewValue = newValue, CallId = callId, ChangedAt = at });
            }
        }
    }

    /// <summary>A phone number as the history shows it: E.164, then <c> ext. </c> and the extension when there is one.</summary>
    /// <param name="phone">The E.164 number.</param>
    /// <param name="extension">The extension, or <see langword="null"/>.</param>
    /// <returns>For example <c>+15550123456 ext. 12</c>.</returns>
    public static string FormatPhone(string phone, string? extension) =>
        string.IsNullOrEmpty(extension) ? phone : string.Create(CultureInfo.InvariantCulture, $"{phone} ext. {extension}");
}
