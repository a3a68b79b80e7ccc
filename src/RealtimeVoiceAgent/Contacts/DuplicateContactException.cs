using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Thrown by an <see cref="IContactRepository"/> when an insert or update would give a second contact the same
/// normalized email address.
/// </summary>
/// <remarks>The message never contains the email address, so the exception is safe to log.</remarks>
public sealed class DuplicateContactException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DuplicateContactException()
        : base("Another contact already has this email address.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message; must not contain the email address.</param>
    public DuplicateContactException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the store's own error.</summary>
    /// <param name="message">The message; must not contain the email address.</param>
    /// <param name="innerException">The store's error.</param>
    public DuplicateContactException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
