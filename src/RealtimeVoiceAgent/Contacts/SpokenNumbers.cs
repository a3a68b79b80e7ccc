using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RealtimeVoiceAgent.Contacts;

// The number words a transcript can contain, in one place so the email and phone readers agree on them.
internal static class SpokenNumbers
{
    private static readonly Dictionary<string, string> s_digitWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9",
    };

    // "oh" and "o" are also spelled letters, so only readers that expect nothing but digits may take them as zero.
    private static readonly Dictionary<string, string> s_digitWordsWithZeroAliases = new(s_digitWords, StringComparer.Ordinal)
    {
        ["oh"] = "0", ["o"] = "0", ["nought"] = "0",
    };

    private static readonly Dictionary<string, string> s_teenWords = new(StringComparer.Ordinal)
    {
        ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15",
        ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18", ["nineteen"] = "19",
    };

    private static readonly Dictionary<string, char> s_tensWords = new(StringComparer.Ordinal)
    {
        ["twenty"] = '2', ["thirty"] = '3', ["forty"] = '4', ["fifty"] = '5', ["sixty"] = '6', ["seventy"] = '7',
        ["eighty"] = '8', ["ninety"] = '9',
    };

    private static readonly Dictionary<string, int> s_repeatWords = new(StringComparer.Ordinal)
    {
        ["double"] = 2, ["triple"] = 3,
    };

    private static readonly Dictionary<string, int> s_scaleWords = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1000,
    };

    // "zero" to "nine" only.
    internal static bool TryGetDigit(string word, [NotNullWhen(true)] out string? digit) => s_digitWords.TryGetValue(word, out digit);

    // "zero" to "nine", plus "oh", "o" and "nought" for zero.
    internal static bool TryGetDigitOrZeroAlias(string word, [NotNullWhen(true)] out string? digit) => s_digitWordsWithZeroAliases.TryGetValue(word, out digit);

    // "ten" to "nineteen", as two digits.
    internal static bool TryGetTeen(string word, [NotNullWhen(true)] out string? digits) => s_teenWords.TryGetValue(word, out digits);

    // "twenty" to "ninety", as the tens digit.
    internal static bool TryGetTensDigit(string word, out char digit) => s_tensWords.TryGetValue(word, out digit);

    // "double" and "triple", as how many times the next digit is said.
    internal static bool TryGetRepeatCount(string word, out int times) => s_repeatWords.TryGetValue(word, out times);

    // "hundred" and "thousand".
    internal static bool IsScaleWord(string word) => s_scaleWords.ContainsKey(word);

    // Whether a word starts a spoken number: a digit word (zeroAliases: also "oh", "o", "nought"), a teen or a tens word.
    internal static bool StartsNumber(string word, bool zeroAliases) =>
        (zeroAliases ? s_digitWordsWithZeroAliases : s_digitWords).ContainsKey(word) || s_teenWords.ContainsKey(word) || s_tensWords.ContainsKey(word);

    /// <summary>
    /// Reads one run of number words from <paramref name="start"/> into digits, group by group, the way people say
    /// numbers in addresses and phone numbers: "one two three" is 123, "twenty one" 21, "twenty six seventy one" 2671,
    /// "nineteen ninety" 1990, "eight hundred" 800, "five hundred and five" 505, "two thousand" 2000, "two thousand
    /// twenty four" 2024.
    /// </summary>
    /// <param name="tokens">Lower-case words.</param>
    /// <param name="start">The first word; <see cref="StartsNumber"/> is true for it.</param>
    /// <param name="phone">
    /// Phone rules: "oh"/"o"/"nought" are zero, all-digit tokens join the run, and a lone digit after "hundred" starts a
    /// new group ("eight hundred five five five" is 800555, the way toll-free numbers are said). Otherwise (emails) the
    /// digit is part of the number ("one hundred one" is 101, "two thousand five" 2005).
    /// </param>
    /// <param name="digits">The digits read.</param>
    /// <param name="error">Why the run cannot be read as a number; <see langword="null"/> when it was read.</param>
    /// <returns>How many tokens were read.</returns>
    internal static int ReadNumber(IReadOnlyList<string> tokens, int start, bool phone, out string digits, out string? error)
    {
        var result = new System.Text.StringBuilder();
        int i = start;
        error = null;
        while (i < tokens.Count && (StartsNumber(tokens[i], phone) || (phone && IsDigitToken(tokens[i]))))
        {
            // One group: a small number (a digit, a teen, or tens with an optional unit), maybe scaled by hundred/thousand.
            int groupStart = i;
            string small = ReadSmall(tokens, ref i, phone);
            if (i < tokens.Count && s_scaleWords.TryGetValue(tokens[i], out int scale))
            {
                if (!int.TryParse(small, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value == 0 || small.Length > 2)
                {
                    digits = string.Empty;
                    error = $"has '{string.Join(' ', Slice(tokens, groupStart, i + 1))}', which is not a number that can be read unambiguously.";
                    return i + 1 - start;
                }

                i++;
                int rest = ReadScaleRest(tokens, ref i, scale, phone);
                result.Append((value * scale + rest).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(small);
            }
        }

        digits = result.ToString();
        return i - start;
    }

    // A digit ("five"), a teen ("fifteen"), tens with an optional unit ("fifty", "fifty five"), or (phone) an all-digit token.
    private static string ReadSmall(IReadOnlyList<string> tokens, ref int i, bool phone)
    {
        string token = tokens[i++];
        if (s_tensWords.TryGetValue(token, out char tens))
        {
            if (i < tokens.Count && s_digitWords.TryGetValue(tokens[i], out string? unit) && unit != "0")
            {
                i++;
                return string.Concat(tens.ToString(), unit);
            }

            return tens + "0";
        }

        if (s_teenWords.TryGetValue(token, out string? teen))
        {
            return teen;
        }

        return (phone ? s_digitWordsWithZeroAliases : s_digitWords).TryGetValue(token, out string? digit) ? digit : token;
    }

    // What follows "hundred" or "thousand" and belongs to the same number: "and" plus a number, tens or teens, and for
    // thousands a hundreds group ("two thousand five hundred"); a lone digit only outside phone numbers.
    private static int ReadScaleRest(IReadOnlyList<string> tokens, ref int i, int scale, bool phone)
    {
        bool and = i < tokens.Count && tokens[i] == "and" && i + 1 < tokens.Count && StartsNumber(tokens[i + 1], zeroAliases: false);
        int at = and ? i + 1 : i;
        if (at >= tokens.Count)
        {
            return 0;
        }

        string next = tokens[at];
        if (scale == 1000 && s_digitWords.TryGetValue(next, out string? hundreds) && hundreds != "0"
            && at + 1 < tokens.Count && tokens[at + 1] == "hundred")
        {
            i = at + 2;
            return (hundreds[0] - '0') * 100 + ReadScaleRest(tokens, ref i, 100, phone);
        }

        bool tensOrTeen = s_tensWords.ContainsKey(next) || s_teenWords.ContainsKey(next);
        bool digit = s_digitWords.TryGetValue(next, out string? d) && d != "0";
        if (tensOrTeen || (digit && (and || !phone)))
        {
            i = at;
            return int.Parse(ReadSmall(tokens, ref i, phone), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return 0;
    }

    private static bool IsDigitToken(string token)
    {
        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return token.Length > 0;
    }

    private static IEnumerable<string> Slice(IReadOnlyList<string> tokens, int start, int end)
    {
        for (int i = start; i < end && i < tokens.Count; i++)
        {
            yield return tokens[i];
        }
    }
}
