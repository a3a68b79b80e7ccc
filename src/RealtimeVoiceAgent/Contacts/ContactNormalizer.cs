using System;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Normalizes what speech transcription produces for a name, an email address and a phone number, then validates it.
/// </summary>
/// <remarks>
/// <para>Normalization is deterministic and table-driven, and normalizing a normalized value returns it unchanged.</para>
/// <list type="bullet">
/// <item><description>Email: lower-cased; spoken "at", "dot", "underscore", "dash"/"hyphen", "plus" become symbols, digit
/// words before the "at" become digits; spelled
/// letters and stray spaces are joined; a missing "at" before a domain ("john gmail.com") is restored; then the syntax and
/// the shape of the domain are checked.</description></item>
/// <item><description>Phone: digit words, "oh" for zero, "double"/"triple", "plus", tens and teens, separators and
/// "extension N" are read, then the number is parsed with libphonenumber against <see cref="DefaultRegion"/>, rejected
/// unless it is a possible number, and returned in E.164.</description></item>
/// <item><description>Name: trimmed, spaces collapsed, and capitalized when given all in one case (keeping "McDonald",
/// "O'Brien", "van der Berg"); a name given in mixed case keeps its capitals.</description></item>
/// </list>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed partial class ContactNormalizer
{
    /// <summary>The default region for phone numbers without a country code.</summary>
    public const string DefaultRegionCode = "US";

    private static readonly PhoneNumberUtil s_phoneNumbers = PhoneNumberUtil.GetInstance();

    /// <summary>Creates a normalizer that reads phone numbers without a country code as US numbers.</summary>
    public ContactNormalizer()
        : this(DefaultRegionCode)
    {
    }

    /// <summary>Creates a normalizer.</summary>
    /// <param name="defaultRegion">The ISO 3166-1 alpha-2 region (for example <c>US</c>, <c>GB</c>) for phone numbers said without a country code.</param>
    /// <exception cref="ArgumentException"><paramref name="defaultRegion"/> is not a region libphonenumber supports.</exception>
    public ContactNormalizer(string defaultRegion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultRegion);
        string region = defaultRegion.Trim().ToUpperInvariant();
        if (!s_phoneNumbers.GetSupportedRegions().Contains(region))
        {
            throw new ArgumentException($"'{defaultRegion}' is not a supported phone region; use an ISO 3166-1 alpha-2 code such as US or GB.", nameof(defaultRegion));
        }

        DefaultRegion = region;
    }

    /// <summary>The region for phone numbers said without a country code.</summary>
    public string DefaultRegion { get; }

    /// <summary>Normalizes and validates a field.</summary>
    /// <param name="field">Which field <paramref name="raw"/> is.</param>
    /// <param name="raw">The value as given.</param>
    /// <returns>The normalized value or the reason it is invalid.</returns>
    public ContactFieldResult Normalize(ContactField field, string? raw) => field switch
    {
        ContactField.Name => NormalizeName(raw),
        ContactField.Email => NormalizeEmail(raw),
        ContactField.Phone => NormalizePhone(raw),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
