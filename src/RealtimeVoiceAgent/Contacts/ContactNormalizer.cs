using System;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// Normalizes what speech transcription produces for a name, an email address and a phone number, then validates it.
/// </summary>
/// <remarks>
/// <para>Normalization is deterministic and table-driven, and normalizing a normalized value returns it unchanged. Where a
/// spoken form could mean two things it is refused with a reason rather than guessed, so the model asks again: a wrong
/// contact stored as valid is the worst outcome, since the caller believes they are done.</para>
/// <list type="bullet">
/// <item><description>Email: lower-cased; spoken "at" ("at the rate (of)", "at sign", "(at)"), "dot", "underscore",
/// "dash"/"hyphen", "plus" become symbols; spellings are read: single letters ("j o h n", "J-O-H-N", "J. O."), NATO
/// words inside a spelling ("alpha lima echo x-ray"), "J as in Juliet"/"J for Juliet", "double l", "capital J"; a
/// spelling right after its word confirms or corrects it; number words become digits ("one two three", "twenty one",
/// "nineteen ninety", "two thousand"); a missing "at" before a domain ("john gmail.com") is restored; then the syntax
/// is checked and the domain must end in a known ending (.com, .co.uk, ...). Refused as ambiguous: "oh"/"o" between
/// digits (letter or zero), "double u", "B as in Victor".</description></item>
/// <item><description>Phone: digits, digit words, "oh" for zero, "double"/"triple", groups ("twenty six seventy one",
/// "eight hundred"), "plus"/"country code", the region's exit code (011 in North America, 00 in most places),
/// separators and "extension N" are read, then the number is parsed with libphonenumber against
/// <see cref="DefaultRegion"/>, refused unless it is a valid number for its region (not just the right length), and
/// returned in E.164.</description></item>
/// <item><description>Name: trimmed, spaces collapsed, spellings read as for emails ("Jon, J O N, Smith", "Ada
/// L-O-V-E-L-A-C-E"; initials such as "J. R. R." stay), "hyphen"/"apostrophe" joined, and capitalized when given all in
/// one case (keeping "McDonald", "O'Brien", "van der Berg"); a name given in mixed case keeps its capitals.</description></item>
/// </list>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
// A facade: each field's rules live in their own type (EmailNormalizer, NameNormalizer, PhoneNormalizer), and this
// class only keeps the public surface and the region the phone rules need.
public sealed class ContactNormalizer
{
    /// <summary>The default region for phone numbers without a country code.</summary>
    public const string DefaultRegionCode = "US";

    private readonly PhoneNormalizer _phone;

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
        // PhoneNormalizer validates the region, since libphonenumber decides which regions exist.
        _phone = new PhoneNormalizer(defaultRegion);
    }

    /// <summary>The region for phone numbers said without a country code.</summary>
    public string DefaultRegion => _phone.DefaultRegion;

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

    /// <summary>Normalizes and validates a spoken or typed email address.</summary>
    /// <param name="raw">The address as transcribed, for example "john dot smith at gmail dot com".</param>
    /// <returns>The lower-case address, or the reason it is invalid.</returns>
    public ContactFieldResult NormalizeEmail(string? raw) => Settle(EmailNormalizer.Normalize(raw), EmailNormalizer.Normalize);

    /// <summary>Normalizes and validates a spoken or typed name.</summary>
    /// <param name="raw">The name as transcribed, for example "  pieter   van der berg ".</param>
    /// <returns>The name with single spaces and sensible capitals, or the reason it is invalid.</returns>
    public ContactFieldResult NormalizeName(string? raw) => Settle(NameNormalizer.Normalize(raw), NameNormalizer.Normalize);

    /// <summary>Normalizes and validates a spoken or typed phone number.</summary>
    /// <param name="raw">The number as transcribed, for example "five five five oh one two three four five six" or "+44 20 7946 0018".</param>
    /// <returns>The number in E.164 (with <see cref="ContactFieldResult.Extension"/> when one was given), or the reason it is invalid.</returns>
    public ContactFieldResult NormalizePhone(string? raw) => _phone.Normalize(raw);

    // Normalizing a normalized value must return it unchanged. Spellings can hide a spelling ("j. a, it's e" reads as
    // initials and a letter, which then read as "jae"), so a value that would change when read again is read again, until
    // it settles; one that does not settle, or turns invalid, is refused: it cannot be read unambiguously.
    private static ContactFieldResult Settle(ContactFieldResult first, Func<string?, ContactFieldResult> normalize)
    {
        const int MaxRereads = 3;
        ContactFieldResult result = first;
        for (int i = 0; i < MaxRereads && result.IsValid; i++)
        {
            ContactFieldResult again = normalize(result.Value);
            if (again.IsValid && again.Value == result.Value)
            {
                return i == 0 ? first : again.WithRaw(first.Raw);
            }

            result = again;
        }

        return ContactFieldResult.Failure(first.Field, first.Raw, result.IsValid
            ? "cannot be read unambiguously; ask the caller to say it again, spelling it out."
            : result.Error!);
    }

    /// <summary>Formats a stored phone number for display: international format with the country code, for example <c>+1 415-555-2671</c>.</summary>
    /// <param name="e164">The number in E.164, as stored in <see cref="Contact.Phone"/>.</param>
    /// <param name="extension">The extension digits, or <see langword="null"/>; shown as <c> ext. 12</c>.</param>
    /// <returns>The formatted number; a value that is not a phone number is returned as it is.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="e164"/> is <see langword="null"/>.</exception>
    public static string FormatPhoneForDisplay(string e164, string? extension = null)
    {
        ArgumentNullException.ThrowIfNull(e164);
        return PhoneNormalizer.FormatForDisplay(e164, extension);
    }

    /// <summary>What to say to read a stored contact back: the name, the email spelled where it is ambiguous, the phone in digit groups.</summary>
    /// <param name="contact">The stored contact.</param>
    /// <returns>For example <c>Ada Lovelace; email A D A at example dot com; phone four one five, five five five, two six seven one</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="contact"/> is <see langword="null"/>.</exception>
    public string ReadBack(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        string email = contact.Email.Contains('@', StringComparison.Ordinal) ? ContactReadBack.Email(contact.Email) : contact.Email;
        return $"{contact.Name}; email {email}; phone {_phone.ReadBackStored(contact.Phone, contact.PhoneExtension)}";
    }
}
