using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>The fields to change in a stored contact; <see langword="null"/> properties are left as they are.</summary>
public sealed class ContactChanges
{
    /// <summary>The new normalized name and the name as given, or <see langword="null"/> to keep them.</summary>
    public (string Value, string Raw)? Name { get; init; }

    /// <summary>The new normalized email and the email as given, or <see langword="null"/> to keep them.</summary>
    public (string Value, string Raw)? Email { get; init; }

    /// <summary>
    /// The new E.164 phone number, its extension (<see langword="null"/> for none) and the number as given,
    /// or <see langword="null"/> to keep them.
    /// </summary>
    public (string Value, string? Extension, string Raw)? Phone { get; init; }

    /// <summary>The call that makes the change (recorded in the contact's history), or <see langword="null"/>.</summary>
    public string? CallId { get; init; }

    /// <summary>When the change is made (UTC, millisecond precision); becomes <see cref="Contact.UpdatedAt"/>.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Applies the changes to a contact.</summary>
    /// <param name="contact">The contact as stored.</param>
    /// <returns>The changed contact.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="contact"/> is <see langword="null"/>.</exception>
    public Contact ApplyTo(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Contact changed = contact with { UpdatedAt = UpdatedAt };
        if (Name is { } name)
        {
            changed = changed with { Name = name.Value, RawName = name.Raw };
        }

        if (Email is { } email)
        {
            changed = changed with { Email = email.Value, RawEmail = email.Raw };
        }

        if (Phone is { } phone)
        {
            changed = changed with { Phone = phone.Value, PhoneExtension = phone.Extension, RawPhone = phone.Raw };
        }

        return changed;
    }
}
