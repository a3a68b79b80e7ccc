using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// What a contact search matches, the same for every store: a query matches a contact when one of the query's prefixes
/// (<see cref="GetQueryPrefixes"/>) starts one of the contact's terms (<see cref="GetTerms"/>), ignoring case and accents.
/// </summary>
/// <remarks>
/// Terms are the folded name from each word on ("ada lovelace", "lovelace"), the email, and the phone's digits in
/// international and national form ("14155550123", "4155550123"); so "love", "ada l", "ADA@EX", "+1 415" and "(415) 555"
/// all find Ada Lovelace, ada@example.com, +14155550123. Stores index the terms (SQLite, MongoDB) or compare them directly.
/// </remarks>
public static class ContactSearch
{
    /// <summary>The longest query accepted (characters).</summary>
    public const int MaxQueryLength = 200;

    private static readonly PhoneNumberUtil s_phoneNumbers = PhoneNumberUtil.GetInstance();

    /// <summary>Folds text for searching: lower case (invariant), accents removed, runs of white space and control characters as one space, trimmed.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The folded text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        bool pendingSpace = false;
        foreach (char c in decomposed)
        {
            // Control characters count as white space: they never reach a term (stores use one as a separator).
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (pendingSpace)
            {
                folded.Append(' ');
                pendingSpace = false;
            }

            folded.Append(char.ToLowerInvariant(c));
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The search terms of a contact (distinct, in a stable order).</summary>
    /// <param name="contact">The contact.</param>
    /// <returns>The terms.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="contact"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> GetTerms(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var terms = new List<string>(6);
        string name = Fold(contact.Name);
        for (int start = 0; start < name.Length; start = name.IndexOf(' ', start) + 1)
        {
            Add(name[start..]);
            if (name.IndexOf(' ', start) < 0)
            {
                break;
            }
        }

        Add(Fold(contact.Email));
        string digits = DigitsOf(contact.Phone);
        Add(digits);
        Add(NationalNumberOf(contact.Phone));
        return terms;

        void Add(string? term)
        {
            if (!string.IsNullOrEmpty(term) && !terms.Contains(term))
            {
                terms.Add(term);
            }
        }
    }

    /// <summary>
    /// The prefixes a query looks for: the folded query and, when the query looks like a phone number (only digits,
    /// spaces, <c>+ - ( ) .</c>), its digits. Empty for an empty or blank query (everything matches).
    /// </summary>
    /// <param name="query">The query, or <see langword="null"/>.</param>
    /// <returns>The distinct prefixes.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is longer than <see cref="MaxQueryLength"/>.</exception>
    public static IReadOnlyList<string> GetQueryPrefixes(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        if (query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"The search query is longer than {MaxQueryLength} characters.", nameof(query));
        }

        string folded = Fold(query);
        var prefixes = new List<string>(2) { folded };
        if (LooksLikePhone(folded) && DigitsOf(folded) is { Length: > 0 } digits && digits != folded)
        {
            prefixes.Add(digits);
        }

        return prefixes;
    }

    /// <summary>Whether a contact matches a query (what every store's search returns).</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="query">The query; empty or <see langword="null"/> matches every contact.</param>
    /// <returns>Whether it matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="contact"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is longer than <see cref="MaxQueryLength"/>.</exception>
    public static bool Matches(Contact contact, string? query)
    {
        ArgumentNullException.ThrowIfNull(contact);
        IReadOnlyList<string> prefixes = GetQueryPrefixes(query);
        if (prefixes.Count == 0)
        {
            return true;
        }

        foreach (string term in GetTerms(contact))
        {
            foreach (string prefix in prefixes)
            {
                if (term.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool LooksLikePhone(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (' ' or '+' or '-' or '(' or ')' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string DigitsOf(string text)
    {
        var digits = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    // The number without its country code ("4155550123" for +14155550123), as people usually type it; null when it does not parse.
    private static string? NationalNumberOf(string e164)
    {
        try
        {
            PhoneNumber number = s_phoneNumbers.Parse(e164, null);
            return s_phoneNumbers.GetNationalSignificantNumber(number);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
