using System;
using System.Collections.Generic;
using System.Text;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

// Reads a spoken or typed phone number and checks it with libphonenumber against a default region; returns E.164.
// Immutable, so one instance serves every call.
internal sealed class PhoneNormalizer
{
    private static readonly PhoneNumberUtil s_phoneNumbers = PhoneNumberUtil.GetInstance();

    private static readonly HashSet<string> s_extensionWords = new(StringComparer.Ordinal) { "extension", "ext", "x" };

    // Spoken separators carry no digits.
    private static readonly HashSet<string> s_phoneSeparatorWords = new(StringComparer.Ordinal) { "dash", "hyphen", "space", "and" };

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
    }

    // Upper-case ISO 3166-1 alpha-2, checked against libphonenumber's regions.
    internal string DefaultRegion { get; }

    internal ContactFieldResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, "is empty; ask for the phone number.");
        }

        string? error = ReadSpokenPhone(raw, out string number, out string? extension);
        if (error is not null)
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, error);
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

        // Some digit strings lose a leading zero each time they are parsed (a national prefix inside the number);
        // store only numbers whose E.164 form reads back as itself, so normalizing twice never changes a number.
        string e164 = s_phoneNumbers.Format(parsed, PhoneNumberFormat.E164);
        if (!ReadsBackAsItself(e164))
        {
            return ContactFieldResult.Failure(ContactField.Phone, raw, $"'{number}' is not a phone number that can be stored unambiguously.");
        }

        return ContactFieldResult.Success(ContactField.Phone, raw, e164, extension);
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

        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            StringBuilder target = extensionDigits ?? digits;
            if (token == "+" || token == "plus")
            {
                if (plus || digits.Length > 0 || extensionDigits is not null)
                {
                    return "has a 'plus' that is not at the start.";
                }

                plus = true;
            }
            else if (s_extensionWords.Contains(token))
            {
                if (extensionDigits is not null || digits.Length == 0)
                {
                    return "has 'extension' in an unexpected place.";
                }

                extensionDigits = new StringBuilder();
            }
            else if (SpokenNumbers.TryGetRepeatCount(token, out int times))
            {
                // "double five" -> 55, "triple 0" -> 000: the repeat applies to the next digit only.
                string? next = i + 1 < tokens.Count ? DigitsOf(tokens[i + 1]) : null;
                if (string.IsNullOrEmpty(next))
                {
                    return $"has '{token}' without a digit after it.";
                }

                target.Append(next[0], times).Append(next, 1, next.Length - 1);
                i++;
            }
            else if (SpokenNumbers.TryGetTensDigit(token, out char tens))
            {
                // "twenty three" -> 23, "twenty" -> 20.
                if (i + 1 < tokens.Count && SpokenNumbers.TryGetDigitOrZeroAlias(tokens[i + 1], out string? unit) && unit != "0")
                {
                    target.Append(tens).Append(unit);
                    i++;
                }
                else
                {
                    target.Append(tens).Append('0');
                }
            }
            else if (SpokenNumbers.TryGetScaleZeros(token, out string? zeros))
            {
                if (target.Length == 0)
                {
                    return $"has '{token}' without a number before it.";
                }

                target.Append(zeros);
            }
            else if (s_phoneSeparatorWords.Contains(token))
            {
                continue;
            }
            else if (DigitsOf(token) is { } tokenDigits)
            {
                target.Append(tokenDigits);
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
        // Separators become spaces; digits and letters are split apart ("555x12" -> "555 x 12"); "+" stands alone.
        var tokens = new List<string>();
        var current = new StringBuilder();
        char previousKind = ' ';
        foreach (char original in raw.ToLowerInvariant())
        {
            char c = original;
            char kind = char.IsAsciiDigit(c) ? 'd' : char.IsLetter(c) ? 'l' : c == '+' ? '+' : ' ';
            if (kind != previousKind || kind == '+')
            {
                Flush(current, tokens);
            }

            if (kind != ' ')
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
