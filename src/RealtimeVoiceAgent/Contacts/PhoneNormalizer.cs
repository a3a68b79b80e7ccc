using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

// Reads a spoken or typed phone number and checks it with libphonenumber against a default region; returns E.164.
// Immutable, so one instance serves every call.
internal sealed class PhoneNormalizer
{
    private static readonly PhoneNumberUtil s_phoneNumbers = PhoneNumberUtil.GetInstance();

    private static readonly HashSet<string> s_extensionWords = new(StringComparer.Ordinal) { "extension", "ext", "x" };

    // Spoken separators carry no digits.
    private static readonly HashSet<string> s_phoneSeparatorWords = new(StringComparer.Ordinal) { "dash", "hyphen", "space", "and", PauseToken };

    // Punctuation between words, as one token.
    private const string PauseToken = ",";

    // The parameter keeps the facade's name so argument exceptions name the argument the caller passed.
    internal PhoneNormalizer(string defaultRegion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultRegion);
        string region = defaultRegion.Trim().ToUpperInvariant();
        if (!s_phoneNumbers.GetSupportedRegions().Contains(region))
        {
            throw new ArgumentException($"'{defaultRegion}' is not a supported phone region; use an ISO 3166-1 alpha-2 code such as US or GB.", nameof(defaultRegion));
        }

        DefaultRegion = region;
        PhoneMetadata metadata = s_phoneNumbers.GetMetadataForRegion(region);
        _internationalPrefix = new Regex("^(?:" + metadata.InternationalPrefix + ")", RegexOptions.CultureInvariant);
        _dialledInternationalPrefix = metadata.HasPreferredInternationalPrefix ? metadata.PreferredInternationalPrefix : metadata.InternationalPrefix;
    }

    // The exit code callers in the region dial before a country code: 011 in North America, 00 in most other places.
    private readonly Regex _internationalPrefix;
    private readonly string _dialledInternationalPrefix;

    // Upper-case ISO 3166-1 alpha-2, checked against libphonenumber's regions.
    internal string DefaultRegion { get; }

    internal ContactFieldResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, "is empty; ask for the phone number.");
        }

        string? error = ReadSpokenPhone(SpokenPreamble.Strip(ContactField.Phone, raw), out string number, out string? extension);
        if (error is not null)
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, error);
        }

        if (number.StartsWith("00", StringComparison.Ordinal) && !_internationalPrefix.IsMatch(number))
        {
            // "00 44 …" from a US caller: 00 is the exit code elsewhere, but not here; the number may be meant either way.
            return ContactFieldResult.Failure(ContactField.Phone, raw,
                $"'{number}' starts with 00, which is not how international numbers are dialled from {DefaultRegion} ({_dialledInternationalPrefix}); ask for the number with its country code, for example 'plus 44 …'.");
        }

        PhoneNumber parsed;
        try
        {
            parsed = s_phoneNumbers.Parse(number, DefaultRegion);
        }
        catch (NumberParseException ex)
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => $"'{number}' does not start with a known country code.",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => $"'{number}' is too short to be a phone number.",
                ErrorType.TOO_LONG => $"'{number}' is too long to be a phone number.",
                _ => $"'{number}' is not a phone number.",
            });
        }

        PhoneNumberUtil.ValidationResult possible = s_phoneNumbers.IsPossibleNumberWithReason(parsed);
        if (possible != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, possible switch
            {
                PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => $"'{number}' is missing the area code.",
                PhoneNumberUtil.ValidationResult.TOO_SHORT => $"'{number}' has too few digits for a {RegionOf(parsed)} number.",
                PhoneNumberUtil.ValidationResult.TOO_LONG => $"'{number}' has too many digits for a {RegionOf(parsed)} number.",
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => $"'{number}' does not start with a known country code.",
                _ => $"'{number}' does not have the right number of digits for a {RegionOf(parsed)} number.",
            });
        }

        // Possible is only a length check: "555 012 3456" has the length of a US number but no such area code exists.
        // libphonenumber's validity check knows each region's number ranges.
        if (!s_phoneNumbers.IsValidNumber(parsed))
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw,
                $"'{s_phoneNumbers.Format(parsed, PhoneNumberFormat.INTERNATIONAL)}' is not a valid {RegionOf(parsed)} phone number (no such area code or number range); read the digits back and ask for the number again.");
        }

        // Some digit strings lose a leading zero each time they are parsed (a national prefix inside the number);
        // store only numbers whose E.164 form reads back as itself, so normalizing twice never changes a number.
        string e164 = s_phoneNumbers.Format(parsed, PhoneNumberFormat.E164);
        if (!ReadsBackAsItself(e164))
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, $"'{number}' is not a phone number that can be stored unambiguously.");
        }

        return ContactFieldResult.Success(ContactField.Phone, raw, e164, ContactReadBack.Phone(parsed, extension, DefaultRegion), extension, ContactReadBack.PhoneDisplay(parsed, extension));
    }

    // How a stored number is shown; a value that is not E.164 is shown as it is.
    internal static string FormatForDisplay(string e164, string? extension)
    {
        try
        {
            return ContactReadBack.PhoneDisplay(s_phoneNumbers.Parse(e164, null), extension);
        }
        catch (NumberParseException)
        {
            return extension is null ? e164 : $"{e164} ext. {extension}";
        }
    }

    // How a stored number is read back to the caller.
    internal string ReadBackStored(string e164, string? extension)
    {
        try
        {
            return ContactReadBack.Phone(s_phoneNumbers.Parse(e164, null), extension, DefaultRegion);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    private static bool ReadsBackAsItself(string e164)
    {
        try
        {
            PhoneNumber again = s_phoneNumbers.Parse(e164, null);
            return s_phoneNumbers.IsPossibleNumber(again) && s_phoneNumbers.Format(again, PhoneNumberFormat.E164) == e164;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static string RegionOf(PhoneNumber number) => s_phoneNumbers.GetRegionCodeForCountryCode(number.CountryCode) switch
    {
        "ZZ" => $"+{number.CountryCode}",
        string region => region,
    };

    // Reads digits from words and symbols. Returns an error for anything it does not understand, so nothing is guessed.
    private static string? ReadSpokenPhone(string raw, out string number, out string? extension)
    {
        number = string.Empty;
        extension = null;
        List<string> tokens = TokenizePhone(raw);
        var digits = new StringBuilder();
        StringBuilder? extensionDigits = null;
        bool plus = false;

        for (int i = 0; i < tokens.Count;)
        {
            string token = tokens[i];
            string? next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            StringBuilder target = extensionDigits ?? digits;
            if (token == "+" || token == "plus" || (token == "country" && next == "code"))
            {
                // "plus four four" and "country code four four" both start an international number.
                if (plus || digits.Length > 0 || extensionDigits is not null)
                {
                    return $"has a '{token}' that is not at the start.";
                }

                plus = true;
                i += token == "country" ? 2 : 1;
            }
            else if (token == "area" && next == "code")
            {
                i += 2;
            }
            else if (s_extensionWords.Contains(token))
            {
                if (extensionDigits is not null || digits.Length == 0)
                {
                    return "has 'extension' in an unexpected place.";
                }

                extensionDigits = new StringBuilder();
                i++;
            }
            else if (SpokenNumbers.TryGetRepeatCount(token, out int times))
            {
                // "double five" -> 55, "triple 0" -> 000: the repeat applies to the next digit only.
                string? repeated = next is null ? null : DigitsOf(next);
                if (string.IsNullOrEmpty(repeated))
                {
                    return $"has '{token}' without a digit after it.";
                }

                target.Append(repeated[0], times).Append(repeated, 1, repeated.Length - 1);
                i += 2;
            }
            else if (SpokenNumbers.IsScaleWord(token))
            {
                return $"has '{token}' without a number before it.";
            }
            else if (s_phoneSeparatorWords.Contains(token))
            {
                i++;
            }
            else if (DigitsOf(token) is not null || SpokenNumbers.StartsNumber(token, zeroAliases: true))
            {
                // A run of digits and number words, read group by group: "twenty six seventy one", "eight hundred".
                i += SpokenNumbers.ReadNumber(tokens, i, phone: true, out string read, out string? error);
                if (error is not null)
                {
                    return error;
                }

                target.Append(read);
            }
            else
            {
                return $"contains '{token}', which is not part of a phone number.";
            }
        }

        if (digits.Length == 0)
        {
            return "has no digits.";
        }

        if (extensionDigits is { Length: 0 })
        {
            return "says 'extension' without the extension's digits.";
        }

        number = (plus ? "+" : string.Empty) + digits;
        extension = extensionDigits?.ToString();
        return null;
    }

    private static string? DigitsOf(string token)
    {
        if (SpokenNumbers.TryGetDigitOrZeroAlias(token, out string? digit))
        {
            return digit;
        }

        if (SpokenNumbers.TryGetTeen(token, out string? teen))
        {
            return teen;
        }

        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return token;
    }

    private static List<string> TokenizePhone(string raw)
    {
        // Digits and letters are split apart ("555x12" -> "555 x 12"); "+" stands alone. Punctuation becomes a "," token:
        // a pause ends a group, so "twenty, seven nine" is 20 79, not 27 9.
        var tokens = new List<string>();
        var current = new StringBuilder();
        char previousKind = ' ';
        string text = raw.ToLowerInvariant();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            // A hyphen inside a word joins a number ("twenty-six"): a space, not a pause.
            bool joiningHyphen = c == '-' && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]);
            char kind = char.IsAsciiDigit(c) ? 'd' : char.IsLetter(c) ? 'l' : c == '+' ? '+' : char.IsWhiteSpace(c) || joiningHyphen ? ' ' : ',';
            if (kind != previousKind || kind == '+')
            {
                Flush(current, tokens);
            }

            if (kind == ',' && previousKind != ',')
            {
                tokens.Add(PauseToken);
            }
            else if (kind is not (' ' or ','))
            {
                current.Append(c);
            }

            previousKind = kind;
        }

        Flush(current, tokens);
        return tokens;

        static void Flush(StringBuilder current, List<string> tokens)
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
