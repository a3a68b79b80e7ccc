using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RealtimeVoiceAgent.Contacts;

// Tidies a spoken or typed name: single spaces, and capitals when it was given all in one case.
internal static class NameNormalizer
{
    private const int MaxNameLength = 100;

    // Surname particles stay lower case inside a name ("Pieter van der Berg", "Ana de la Cruz").
    private static readonly HashSet<string> s_nameParticles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "da", "di", "del", "della", "du", "dos", "das", "la", "le", "ter", "ten", "bin", "ibn",
    };

    // Prefixes after which the next letter is a capital: McDonald. "Mac" is left alone: Mack, Macy, Machado.
    private static readonly string[] s_capitalizingPrefixes = ["mc"];

    internal static ContactFieldResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ContactFieldResult.Failure(ContactField.Name, raw, "is empty; ask for the name.");
        }

        string text = SpokenPreamble.Strip(ContactField.Name, raw).Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'').Trim().TrimEnd(',', ';', ':', '!', '?').Trim();
        string[] said = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (SpelledNameReader.Read(said, out List<string> spelledOut) is { } spellingError)
        {
            return ContactFieldResult.Failure(ContactField.Name, raw, spellingError);
        }

        string[] words = JoinSpokenPunctuation(spelledOut);
        if (words.Length == 0)
        {
            return ContactFieldResult.Failure(ContactField.Name, raw, "has no letters.");
        }

        string collapsed = string.Join(' ', words);
        if (collapsed.Length > MaxNameLength)
        {
            return ContactFieldResult.Failure(ContactField.Name, raw, $"is longer than {MaxNameLength} characters.");
        }

        bool hasLetter = false;
        foreach (char c in collapsed)
        {
            if (c == '@')
            {
                return ContactFieldResult.Failure(ContactField.Name, raw, "looks like an email address, not a name.");
            }

            if (char.IsDigit(c))
            {
                return ContactFieldResult.Failure(ContactField.Name, raw, "contains digits; ask for the name again.");
            }

            if (!char.IsLetter(c) && c is not (' ' or '-' or '\'' or '.') && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                return ContactFieldResult.Failure(ContactField.Name, raw, $"contains '{c}', which does not belong in a name.");
            }

            hasLetter |= char.IsLetter(c);
        }

        if (!hasLetter)
        {
            return ContactFieldResult.Failure(ContactField.Name, raw, "has no letters.");
        }

        // A name in one case ("JOHN SMITH", "john smith") is capitalized by rule; a name in mixed case keeps the
        // caller's capitals ("DeShawn", "van der Berg"), fixing only words that are entirely lower or upper case.
        bool mixedCase = HasUpper(collapsed) && HasLower(collapsed);
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = NormalizeNameWord(words[i], isFirst: i == 0, isLast: i == words.Length - 1, mixedCase);
        }

        string name = string.Join(' ', words);
        return ContactFieldResult.Success(ContactField.Name, raw, name, ContactReadBack.Name(name));
    }

    // "Mary hyphen Jane" is Mary-Jane and "O apostrophe Brien" O'Brien ("dash" is left alone: Dash is a first name).
    private static string[] JoinSpokenPunctuation(List<string> words)
    {
        var joined = new List<string>(words.Count);
        for (int i = 0; i < words.Count; i++)
        {
            string lower = words[i].ToLowerInvariant();
            if (lower is "hyphen" or "apostrophe" && joined.Count > 0 && i + 1 < words.Count)
            {
                joined[^1] += (lower == "hyphen" ? "-" : "'") + words[++i];
            }
            else
            {
                joined.Add(words[i]);
            }
        }

        return joined.ToArray();
    }

    private static string NormalizeNameWord(string word, bool isFirst, bool isLast, bool mixedCase)
    {
        string lower = word.ToLowerInvariant();
        if (mixedCase)
        {
            if (word == lower && s_nameParticles.Contains(lower))
            {
                return word;
            }

            bool singleCase = word == lower || word == word.ToUpperInvariant();
            if (!singleCase || word.Length == 1)
            {
                return word;
            }
        }
        else if (!isFirst && !isLast && s_nameParticles.Contains(lower))
        {
            return lower;
        }

        return CapitalizeWord(lower);
    }

    private static string CapitalizeWord(string lower)
    {
        // Each hyphen- or apostrophe-separated part starts with a capital: Smith-Jones, O'Brien, D'Angelo.
        var builder = new StringBuilder(lower.Length);
        bool startOfPart = true;
        for (int i = 0; i < lower.Length; i++)
        {
            char c = lower[i];
            builder.Append(startOfPart ? char.ToUpperInvariant(c) : c);
            startOfPart = c is '-' or '\'' or '.';
            if (!startOfPart)
            {
                foreach (string prefix in s_capitalizingPrefixes)
                {
                    int partStart = i + 1 - prefix.Length;
                    bool atPartStart = partStart == 0 || (partStart > 0 && lower[partStart - 1] is '-' or '\'');
                    if (atPartStart && i + 1 < lower.Length && string.CompareOrdinal(lower, partStart, prefix, 0, prefix.Length) == 0
                        && char.IsLetter(lower[i + 1]))
                    {
                        startOfPart = true;
                    }
                }
            }
        }

        return builder.ToString();
    }

    private static bool HasUpper(string value)
    {
        foreach (char c in value)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLower(string value)
    {
        foreach (char c in value)
        {
            if (char.IsLower(c))
            {
                return true;
            }
        }

        return false;
    }
}
