namespace RealtimeVoiceAgent.Contacts;

/// <summary>A field of a <see cref="Contact"/> that the caller provides.</summary>
public enum ContactField
{
    /// <summary>The person's name.</summary>
    Name,

    /// <summary>The email address.</summary>
    Email,

    /// <summary>The phone number.</summary>
    Phone,
}
