namespace RealtimeVoiceAgent.Contacts;

/// <summary>What <c>save_contact</c> does when the email already belongs to a contact saved in an earlier call.</summary>
/// <remarks>
/// A new, second contact with the same email is not an option: every store keeps the normalized email unique,
/// because a duplicated record is the worst outcome for a contact collector.
/// </remarks>
public enum DuplicateEmailPolicy
{
    /// <summary>Update the earlier contact with the new name and phone (the default): the caller called back.</summary>
    UpdateExisting,

    /// <summary>Leave the earlier contact unchanged and return a <c>duplicate_email</c> error so the model asks for another address.</summary>
    Reject,
}
