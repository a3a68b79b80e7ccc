using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>
/// Says a contact the many ways a caller (and a speech model passing on what it heard) does: words or letters, the NATO
/// alphabet, "J as in Juliet", number words in groups, "at the rate of", exit codes. Every form it produces is one a careful
/// listener reads back to the same contact, so the normalizer must too. Forms that are ambiguous when said (an "o" between
/// digits, "double u") are never produced: the normalizer refuses those, by design.
/// </summary>
internal static class SpokenFormRenderer
{
    private static readonly PhoneNumberUtil s_phones = PhoneNumberUtil.GetInstance();

    private static readonly string[] s_digitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    private static readonly string[] s_teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    private static readonly string[] s_tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly string[] s_nato =
    [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike",
        "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "x-ray", "yankee", "zulu",
    ];

    // Example words for "X as in ...", one per letter, none of them a NATO word, so the construct is what is tested.
    private static readonly string[] s_examples =
    [
        "apple", "boston", "cat", "david", "edward", "frank", "george", "harry", "ida", "john", "king", "london", "mary",
        "nancy", "oliver", "peter", "queen", "robert", "sugar", "thomas", "umbrella", "victory", "william", "xylophone", "yellow", "zebra",
    ];

    /// <summary>Words a caller cannot say as part of an address without them meaning something else.</summary>
    public static readonly HashSet<string> SpokenKeywords = new(
        new[]
        {
            "at", "dot", "period", "point", "underscore", "underline", "dash", "hyphen", "minus", "plus", "dotcom", "sign", "symbol",
            "the", "rate", "of", "full", "stop", "under", "score", "oh", "o", "double", "triple", "as", "in", "for", "like", "and",
            "hundred", "thousand", "capital", "cap", "upper", "uppercase", "lower", "lowercase", "small", "you", "u", "nought",
            "spelled", "spelt", "spelling", "apostrophe", "xray", "alfa", "juliett", "whisky",
        }.Concat(s_digitWords).Concat(s_teens).Concat(s_tens.Where(t => t.Length > 0)).Concat(s_nato),
        StringComparer.Ordinal);

    public static bool IsValidPhone(string e164)
    {
        try
        {
            return s_phones.IsValidNumber(s_phones.Parse(e164, null));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>A name said plainly, in one case, or with (some of) its words spelled after or instead of them.</summary>
    public static string SayName(string[] words, Random random)
    {
        var said = new List<string>();
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            string plain = random.Next(3) switch { 0 => word, 1 => word.ToLowerInvariant(), _ => word.ToUpperInvariant() };
            // A spelling said instead of the word must not look like a correction of the word before it.
            bool mayReplace = i == 0 || char.ToLowerInvariant(words[i - 1][0]) != char.ToLowerInvariant(word[0]);
            switch (random.Next(mayReplace ? 3 : 2))
            {
                case 0:
                    said.Add(plain);
                    break;
                case 1:
                    said.Add(plain + ",");
                    said.Add(SpellWord(word.ToLowerInvariant(), random, allowNato: true) + ",");
                    break;
                default:
                    said.Add(SpellWord(word.ToLowerInvariant(), random, allowNato: true) + ",");
                    break;
            }
        }

        return string.Join(' ', said).TrimEnd(',');
    }

    /// <summary>An email address said the way callers say them; <paramref name="parts"/> are words, digit runs and symbols.</summary>
    public static string SayEmail(IReadOnlyList<EmailPart> parts, Random random)
    {
        var said = new List<string>();
        bool inDomain = false;
        foreach (EmailPart part in parts)
        {
            switch (part.Kind)
            {
                case EmailPartKind.Word:
                    said.Add(random.Next(3) == 0 ? part.Text : SpellWord(part.Text, random, allowNato: true));
                    break;
                case EmailPartKind.Digits:
                    said.Add(inDomain ? SayDigitsOneByOne(part.Text, random) : SayEmailNumber(part.Text, random));
                    break;
                case EmailPartKind.Symbol when part.Text == "@":
                    said.Add(random.Next(5) switch { 0 => "at the rate of", 1 => "at sign", 2 => "@", 3 => "at the rate", _ => "at" });
                    inDomain = true;
                    break;
                case EmailPartKind.Symbol:
                    said.Add(part.Text switch
                    {
                        "." => random.Next(4) == 0 ? "period" : "dot",
                        "_" => random.Next(2) == 0 ? "underscore" : "under score",
                        "-" => random.Next(2) == 0 ? "dash" : "hyphen",
                        _ => "plus",
                    });
                    break;
                default:
                    // The top-level domain, said as a word.
                    said.Add(part.Text);
                    break;
            }
        }

        string spoken = string.Join(' ', said);
        return random.Next(4) == 0 ? spoken.ToUpperInvariant() : spoken;
    }

    /// <summary>A phone number as a caller in <paramref name="region"/> says it: national or international, in groups.</summary>
    public static string SayPhone(string e164, string? extension, string region, Random random)
    {
        PhoneNumber number = s_phones.Parse(e164, null);
        bool home = s_phones.GetRegionCodeForNumber(number) == region || number.CountryCode == s_phones.GetCountryCodeForRegion(region);
        var groups = new List<string>();
        if (home && random.Next(3) != 0)
        {
            groups.AddRange(DigitGroups(s_phones.Format(number, PhoneNumberFormat.NATIONAL)));
        }
        else
        {
            string countryCode = number.CountryCode.ToString(CultureInfo.InvariantCulture);
            PhoneMetadata metadata = s_phones.GetMetadataForRegion(region);
            string exitCode = metadata.HasPreferredInternationalPrefix ? metadata.PreferredInternationalPrefix : metadata.InternationalPrefix;
            string prefix = random.Next(4) switch
            {
                0 when exitCode.All(char.IsAsciiDigit) => SayDigitsOneByOne(exitCode, random) + ", " + SayGroup(countryCode, random),
                1 => "+" + countryCode,
                2 => "country code " + SayGroup(countryCode, random),
                _ => "plus " + SayGroup(countryCode, random),
            };
            groups.Add(prefix);
            groups.AddRange(DigitGroups(s_phones.Format(number, PhoneNumberFormat.INTERNATIONAL)).Skip(1).Select(g => SayGroup(g, random)));
            return WithExtension(string.Join(", ", groups), extension, random);
        }

        // Each group said on its own, separated by a pause, so "twenty" never joins the next group's first digit.
        return WithExtension(string.Join(random.Next(2) == 0 ? ", " : " - ", groups.Select(g => SayGroup(g, random))), extension, random);
    }

    private static string WithExtension(string said, string? extension, Random random) =>
        extension is null ? said : said + (random.Next(2) == 0 ? ", extension " : " ext. ") + SayDigitsOneByOne(extension, random);

    private static IEnumerable<string> DigitGroups(string formatted) =>
        formatted.Split([' ', '-', '(', ')', '.'], StringSplitOptions.RemoveEmptyEntries).Select(g => new string(g.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray()).TrimStart('+')).Where(g => g.Length > 0);

    // A group of phone digits: written, one by one, in pairs ("twenty six"), with "double"/"oh", or "eight hundred".
    private static string SayGroup(string digits, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return digits;
            case 1 when digits.Length == 3 && digits[0] != '0' && digits[1] == '0' && digits[2] == '0':
                return s_digitWords[digits[0] - '0'] + " hundred";
            case 2 when digits.Length % 2 == 0:
                // In pairs; a pair that is a bare tens word ("twenty") is followed by a pause.
                var pairs = new List<string>();
                for (int i = 0; i < digits.Length; i += 2)
                {
                    pairs.Add(SayPair(digits.Substring(i, 2), random, phone: true));
                }

                return string.Join(", ", pairs);
            default:
                return SayDigitsOneByOne(digits, random, phone: true);
        }
    }

    private static string SayPair(string pair, Random random, bool phone)
    {
        int first = pair[0] - '0';
        int second = pair[1] - '0';
        if (first == 0)
        {
            return (phone && random.Next(2) == 0 ? "oh " : "zero ") + s_digitWords[second];
        }

        if (first == 1)
        {
            return s_teens[second];
        }

        // "twenty six" or, as it is written, "twenty-six".
        return second == 0 ? s_tens[first] : s_tens[first] + (random.Next(2) == 0 ? "-" : " ") + s_digitWords[second];
    }

    private static string SayDigitsOneByOne(string digits, Random random, bool phone = false)
    {
        var words = new List<string>();
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i] - '0';
            int run = 1;
            while (i + run < digits.Length && digits[i + run] == digits[i] && run < 3)
            {
                run++;
            }

            string word = d == 0 && phone && random.Next(2) == 0 ? "oh" : random.Next(6) == 0 ? digits[i].ToString() : s_digitWords[d];
            if (run > 1 && random.Next(2) == 0)
            {
                words.Add((run == 2 ? "double " : "triple ") + word);
                i += run - 1;
            }
            else
            {
                words.Add(word);
            }
        }

        return string.Join(' ', words);
    }

    // Digits inside an address: one by one, as a pair or teen, or a round hundred or thousand.
    private static string SayEmailNumber(string digits, Random random)
    {
        int value = int.Parse(digits, CultureInfo.InvariantCulture);
        return random.Next(3) switch
        {
            0 when digits.Length == 2 && digits[0] != '0' => SayPair(digits, random, phone: false),
            1 when digits.Length == 4 && digits[0] != '0' && value % 1000 == 0 => s_digitWords[value / 1000] + " thousand",
            1 when digits.Length == 3 && digits[0] != '0' && value % 100 == 0 => s_digitWords[value / 100] + " hundred",
            1 when digits.Length == 4 && digits[0] != '0' && digits[2] != '0' => SayPair(digits[..2], random, phone: false) + " " + SayPair(digits[2..], random, phone: false),
            _ => SayDigitsOneByOne(digits, random),
        };
    }

    // Letter by letter: separated by spaces or hyphens, in NATO words, or starting with "X as in ...".
    private static string SpellWord(string word, Random random, bool allowNato)
    {
        bool upper = random.Next(2) == 0;
        string Letter(char c) => upper ? char.ToUpperInvariant(c).ToString() : c.ToString();
        switch (random.Next(allowNato ? 5 : 4))
        {
            case 0 when word.Length >= 3:
                return string.Join('-', word.Select(Letter));
            case 1:
                return $"{Letter(word[0])} {(random.Next(2) == 0 ? "as in" : "for")} {s_examples[word[0] - 'a']} " + string.Join(' ', word.Skip(1).Select(Letter));
            case 2:
                return string.Join(' ', word.Select(c => s_nato[c - 'a']));
            case 3 when word.Length >= 3:
                var builder = new StringBuilder();
                for (int i = 0; i < word.Length; i++)
                {
                    // "b o double l": a doubled letter (not u: "double u" is the letter W).
                    if (i + 1 < word.Length && word[i + 1] == word[i] && word[i] != 'u')
                    {
                        builder.Append("double ").Append(Letter(word[i])).Append(' ');
                        i++;
                    }
                    else
                    {
                        builder.Append(Letter(word[i])).Append(' ');
                    }
                }

                return builder.ToString().TrimEnd();
            default:
                return string.Join(' ', word.Select(Letter));
        }
    }
}

internal enum EmailPartKind
{
    Word,
    Digits,
    Symbol,
    TopLevel,
}

internal readonly record struct EmailPart(EmailPartKind Kind, string Text);
