using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// The typed result of a successful <c>save_contact</c> or <c>update_contact</c>: found in
/// <see cref="Tools.ToolInvocationResult.Value"/>, it tells the relay to send <c>contact_saved</c> or <c>contact_updated</c>.
/// </summary>
public sealed class ContactStored
{
    /// <summary>Creates the result.</summary>
    /// <param name="action">Which tool stored the contact.</param>
    /// <param name="contact">The contact as stored.</param>
    /// <param name="isNew">Whether a new record was inserted (rather than an existing one updated).</param>
    /// <exception cref="ArgumentNullException"><paramref name="contact"/> is <see langword="null"/>.</exception>
    public ContactStored(ContactStoreAction action, Contact contact, bool isNew)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Action = action;
        Contact = contact;
        IsNew = isNew;
    }

    /// <summary>Which tool stored the contact: <see cref="ContactStoreAction.Saved"/> means send <c>contact_saved</c>, <see cref="ContactStoreAction.Updated"/> <c>contact_updated</c>.</summary>
    public ContactStoreAction Action { get; }

    /// <summary>The contact as stored.</summary>
    public Contact Contact { get; }

    /// <summary>Whether a new record was inserted; <see langword="false"/> when a save updated this call's or an earlier call's contact.</summary>
    public bool IsNew { get; }

    /// <summary>What the assistant says to read the stored contact back (<see cref="ContactNormalizer.ReadBack"/>), or <see langword="null"/>.</summary>
    public string? ReadBack { get; init; }
}
