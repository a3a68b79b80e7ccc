using System;
using System.Collections.Generic;
using System.Text;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

// What the assistant says to read a stored value back, so the caller hears exactly what will be stored: an email's name
// part letter by letter (it could be spelled many ways), well-known providers and endings as words ("gmail dot com"),
// other domain parts spelled; a phone number in its digit groups, one digit at a time.
internal static class ContactReadBack
{
    private static readonly PhoneNumberUtil s_phoneNumbers = PhoneNumberUtil.GetInstance();

    private static readonly string[] s_digitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    // Domain labels with one obvious spelling, said as words.
    private static readonly HashSet<string> s_wordLabels = new(StringComparer.Ordinal)
    {
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "icloud", "aol", "proton", "protonmail", "gmx",
        "mail", "email", "example", "com", "org", "net", "edu", "gov", "info", "biz", "co",
    };

    internal static string Name(string name) => name;

    internal static string Email(string email)
    {
        int at = email.IndexOf('@', StringComparison.Ordinal);
        var said = new StringBuilder();
        Spell(said, email.AsSpan(0, at));
        said.Append(" at ");
        string[] labels = email[(at + 1)..].Split('.');
        for (int i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                said.Append(" dot ");
            }

            if (s_wordLabels.Contains(labels[i]))
            {
                said.Append(labels[i]);
            }
            else
            {
                Spell(said, labels[i]);
            }
        }

        return said.ToString();
    }

    // The groups of the number as it is written: national ("four one five, five five five, two six seven one") for the
    // region's own numbers, international ("plus four four, two zero, …") for the others.
    internal static string Phone(PhoneNumber number, string? extension, string defaultRegion)
    {
        bool national = number.CountryCode == s_phoneNumbers.GetCountryCodeForRegion(defaultRegion);
        string written = s_phoneNumbers.Format(number, national ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        var groups = new List<string>();
        foreach (string group in written.Split([' ', '-', '(', ')', '.', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            var words = new StringBuilder(group.StartsWith('+') ? "plus" : string.Empty);
            foreach (char c in group)
            {
                if (char.IsAsciiDigit(c))
                {
                    words.Append(words.Length > 0 ? " " : string.Empty).Append(s_digitWords[c - '0']);
                }
            }

            groups.Add(words.ToString());
        }

        string said = string.Join(", ", groups);
        return extension is null ? said : $"{said}, extension {DigitsOneByOne(extension)}";
    }

    // How a phone number is shown: international format with the country code, "+1 415-555-2671", and " ext. 12".
    internal static string PhoneDisplay(PhoneNumber number, string? extension)
    {
        string shown = s_phoneNumbers.Format(number, PhoneNumberFormat.INTERNATIONAL);
        return extension is null ? shown : $"{shown} ext. {extension}";
    }

    private static void Spell(StringBuilder said, ReadOnlySpan<char> part)
    {
        for (int i = 0; i < part.Length; i++)
        {
            if (i > 0)
            {
                said.Append(' ');
            }

            char c = part[i];
            said.Append(c switch
            {
                >= '0' and <= '9' => s_digitWords[c - '0'],
                '.' => "dot",
                '_' => "underscore",
                '-' => "dash",
                '+' => "plus",
                '\'' => "apostrophe",
                _ when char.IsAsciiLetter(c) => char.ToUpperInvariant(c).ToString(),
                _ => c.ToString(),
            });
        }
    }

    private static string DigitsOneByOne(string digits)
    {
        var words = new List<string>(digits.Length);
        foreach (char c in digits)
        {
            words.Add(s_digitWords[c - '0']);
        }

        return string.Join(' ', words);
    }
}
