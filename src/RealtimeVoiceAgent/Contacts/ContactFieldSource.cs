namespace RealtimeVoiceAgent.Contacts;

/// <summary>How a contact field reached the call's tools.</summary>
public enum ContactFieldSource
{
    /// <summary>The caller said it: the model passed it to a tool (<c>record_contact_field</c>, <c>save_contact</c>, <c>update_contact</c>).</summary>
    Spoken,

    /// <summary>The caller typed it into the form on their screen (<see cref="ContactCallTools.EditFieldAsync"/>).</summary>
    Typed,
}
