namespace RealtimeVoiceAgent.Contacts;

/// <summary>Which contact tool stored a contact, and so which message the caller's app gets.</summary>
public enum ContactStoreAction
{
    /// <summary><c>save_contact</c> succeeded: send <c>contact_saved</c>.</summary>
    Saved,

    /// <summary><c>update_contact</c> succeeded: send <c>contact_updated</c>.</summary>
    Updated,
}
