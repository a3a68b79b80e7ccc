using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>A saved contact: the normalized name, email and phone, the values as they were said, and where it came from.</summary>
/// <remarks>
/// Stores keep timestamps in UTC with millisecond precision; create them with <see cref="TruncateToMilliseconds"/> so a
/// stored contact compares equal to the one that was saved.
/// </remarks>
public sealed record Contact
{
    /// <summary>The contact's identifier, unique in its store.</summary>
    public required string Id { get; init; }

    /// <summary>The normalized name.</summary>
    public required string Name { get; init; }

    /// <summary>The normalized, lower-case email address; unique in a store.</summary>
    public required string Email { get; init; }

    /// <summary>The phone number in E.164, for example <c>+15550123456</c>.</summary>
    public required string Phone { get; init; }

    /// <summary>The phone extension digits, or <see langword="null"/>.</summary>
    public string? PhoneExtension { get; init; }

    /// <summary>The name as it was given to <c>save_contact</c>/<c>update_contact</c>.</summary>
    public required string RawName { get; init; }

    /// <summary>The email as it was given.</summary>
    public required string RawEmail { get; init; }

    /// <summary>The phone number as it was given.</summary>
    public required string RawPhone { get; init; }

    /// <summary>The call the contact was first saved in.</summary>
    public required string CallId { get; init; }

    /// <summary>When the contact was first saved (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the contact was last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Converts a time to UTC with millisecond precision, the precision every store keeps.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The truncated UTC time.</returns>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time)
        => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
