using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Contacts;

// Turns a spoken or typed email address into the address, and says what is wrong with it when it is not one.
internal static class EmailNormalizer
{
    private const int MaxEmailLength = 254;
    private const int MaxLocalPartLength = 64;
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    // Spoken words and phrases that stand for a symbol in an email address. Longer phrases are matched first.
    private static readonly (string[] Words, string Symbol)[] s_emailPhrases =
    [
        (["at", "the", "rate", "of"], "@"),
        (["at", "the", "rate"], "@"),
        (["at", "sign"], "@"),
        (["at", "symbol"], "@"),
        (["full", "stop"], "."),
        (["under", "score"], "_"),
        (["at"], "@"),
        (["dot"], "."),
        (["period"], "."),
        (["point"], "."),
        (["underscore"], "_"),
        (["dash"], "-"),
        (["hyphen"], "-"),
        (["minus"], "-"),
        (["plus"], "+"),
        (["dotcom"], ".com"),
    ];

    // Characters RFC 5322 allows in an unquoted local part (quoted local parts are not something people say).
    private const string LocalPartSymbols = ".!#$%&'*+/=?^_`{|}~-";

    // Transcription noise around an address: trailing punctuation ends a sentence, quotes and brackets wrap it.
    private static readonly char[] s_trailingNoise = ['.', ',', ';', ':', '!', '?', '"', '\'', '>', ')', ']'];
    private static readonly char[] s_leadingNoise = ['"', '\'', '<', '(', '['];

    internal static ContactFieldResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ContactFieldResult.Failure(ContactField.Email, raw, "is empty; ask for the email address.");
        }

        string text = raw.Trim().ToLowerInvariant();
        if (text.StartsWith("mailto:", StringComparison.Ordinal))
        {
            text = text["mailto:".Length..];
        }

        List<string> pieces = ToEmailPieces(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        string joined = string.Concat(pieces).TrimStart(s_leadingNoise).TrimEnd(s_trailingNoise);
        if (!joined.Contains('@', StringComparison.Ordinal))
        {
            // "john gmail.com": the "at" was lost in transcription. Put it back before the last piece that starts a domain.
            string? restored = RestoreMissingAt(pieces);
            if (restored is null)
            {
                return ContactFieldResult.Failure(ContactField.Email, raw, "has no '@' (\"at\") between the name and the domain; ask for the full address, for example name at example dot com.");
            }

            joined = restored;
        }

        string? error = ValidateEmail(joined);
        return error is null
            ? ContactFieldResult.Success(ContactField.Email, raw, joined)
            : ContactFieldResult.Failure(ContactField.Email, raw, $"'{joined}' {error}");
    }

    private static List<string> ToEmailPieces(string[] tokens)
    {
        var pieces = new List<string>(tokens.Length);
        for (int i = 0; i < tokens.Length;)
        {
            bool matched = false;
            foreach ((string[] words, string symbol) in s_emailPhrases)
            {
                if (MatchesPhrase(tokens, i, words))
                {
                    pieces.Add(symbol);
                    i += words.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                // Commas and the like between spoken words are transcription noise, never part of an address.
                string token = tokens[i].Trim(',', ';', ':', '!', '?', '"', '<', '>', '(', ')');
                if (token.Length > 0)
                {
                    // "john one two three at ..." is john123@...; only before the "at", so a domain like one.com stays.
                    // "oh" and "o" are left alone: they are also spelled letters.
                    if (!pieces.Contains("@") && SpokenNumbers.TryGetDigit(token, out string? digit))
                    {
                        token = digit;
                    }

                    pieces.Add(token);
                }

                i++;
            }
        }

        return pieces;
    }

    private static bool MatchesPhrase(string[] tokens, int start, string[] words)
    {
        if (start + words.Length > tokens.Length)
        {
            return false;
        }

        for (int j = 0; j < words.Length; j++)
        {
            if (!string.Equals(tokens[start + j].TrimEnd(',', '.', ';', ':', '!', '?'), words[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string? RestoreMissingAt(List<string> pieces)
    {
        // The last split wins: "john smith gmail dot com" is johnsmith@gmail.com, not john@smithgmail.com.
        for (int split = pieces.Count - 1; split > 0; split--)
        {
            string local = string.Concat(pieces.GetRange(0, split)).TrimStart(s_leadingNoise).TrimEnd(s_trailingNoise);
            string domain = string.Concat(pieces.GetRange(split, pieces.Count - split)).TrimStart(s_leadingNoise).TrimEnd(s_trailingNoise);
            if (local.Length > 0 && !IsSymbolPiece(pieces[split - 1]) && !IsSymbolPiece(pieces[split])
                && domain.Contains('.', StringComparison.Ordinal) && ValidateDomain(domain) is null)
            {
                return local + "@" + domain;
            }
        }

        return null;
    }

    private static bool IsSymbolPiece(string piece) => piece.Length == 1 && LocalPartSymbols.Contains(piece[0], StringComparison.Ordinal);

    private static string? ValidateEmail(string email)
    {
        int at = email.IndexOf('@', StringComparison.Ordinal);
        if (at != email.LastIndexOf('@'))
        {
            return "has more than one '@'.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"is longer than {MaxEmailLength} characters.";
        }

        string local = email[..at];
        string domain = email[(at + 1)..];
        return ValidateLocalPart(local) ?? ValidateDomain(domain);
    }

    private static string? ValidateLocalPart(string local)
    {
        if (local.Length == 0)
        {
            return "has nothing before the '@'.";
        }

        if (local.Length > MaxLocalPartLength)
        {
            return $"has more than {MaxLocalPartLength} characters before the '@'.";
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return "has a dot at the start or end of the name part, or two dots in a row.";
        }

        foreach (char c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !LocalPartSymbols.Contains(c, StringComparison.Ordinal))
            {
                return $"contains '{c}', which is not allowed before the '@'.";
            }
        }

        return null;
    }

    private static string? ValidateDomain(string domain)
    {
        const string Shape = "a domain such as example.com";
        if (domain.Length == 0)
        {
            return "has no domain after the '@'.";
        }

        if (domain.Length > MaxDomainLength)
        {
            return $"has a domain longer than {MaxDomainLength} characters.";
        }

        string[] labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return $"has a domain without an ending like .com; it needs {Shape}.";
        }

        foreach (string label in labels)
        {
            if (label.Length == 0 || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return $"does not have {Shape}.";
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return $"contains '{c}' in the domain, which is not allowed; it needs {Shape}.";
                }
            }
        }

        string topLevel = labels[^1];
        bool lettersOnly = true;
        foreach (char c in topLevel)
        {
            lettersOnly &= char.IsAsciiLetter(c);
        }

        return (lettersOnly && topLevel.Length >= 2) || topLevel.StartsWith("xn--", StringComparison.Ordinal)
            ? null
            : $"has a domain ending '.{topLevel}', which is not a real ending like .com or .co.uk.";
    }
}
