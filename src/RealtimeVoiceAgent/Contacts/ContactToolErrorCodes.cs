namespace RealtimeVoiceAgent.Contacts;

/// <summary>The error codes <c>save_contact</c> and <c>update_contact</c> return to the model.</summary>
public static class ContactToolErrorCodes
{
    /// <summary>A field could not be understood or is not valid; the error's <c>field</c> names it.</summary>
    public const string InvalidField = "invalid_field";

    /// <summary>The email already belongs to another contact.</summary>
    public const string DuplicateEmail = "duplicate_email";

    /// <summary><c>update_contact</c> was called before anything was saved in this call.</summary>
    public const string NoContact = "no_contact";

    /// <summary><c>update_contact</c> was called without any field to change.</summary>
    public const string NoChanges = "no_changes";
}
