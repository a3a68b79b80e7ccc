using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Contacts;

// How callers spell: single letters ("j o h n", "J-O-H-N", "J. O."), the NATO alphabet ("juliet oscar"), and
// "J as in Juliet" / "J for Juliet". Shared by the email and name readers so both understand the same spellings.
internal static class SpokenLetters
{
    private static readonly Dictionary<string, char> s_phoneticAlphabet = new(StringComparer.Ordinal)
    {
        ["alpha"] = 'a', ["alfa"] = 'a', ["bravo"] = 'b', ["charlie"] = 'c', ["delta"] = 'd', ["echo"] = 'e', ["foxtrot"] = 'f',
        ["golf"] = 'g', ["hotel"] = 'h', ["india"] = 'i', ["juliet"] = 'j', ["juliett"] = 'j', ["kilo"] = 'k', ["lima"] = 'l',
        ["mike"] = 'm', ["november"] = 'n', ["oscar"] = 'o', ["papa"] = 'p', ["quebec"] = 'q', ["romeo"] = 'r', ["sierra"] = 's',
        ["tango"] = 't', ["uniform"] = 'u', ["victor"] = 'v', ["whiskey"] = 'w', ["whisky"] = 'w', ["x-ray"] = 'x', ["xray"] = 'x',
        ["yankee"] = 'y', ["zulu"] = 'z',
    };

    // "J as in Juliet", "J for Juliet", "J like Juliet".
    private static readonly string[][] s_exampleMarkers = [["as", "in"], ["for"], ["like"]];

    // What callers say before spelling a word: "Jon, that's J O N", "spelled S M Y T H".
    private static readonly string[][] s_spellingIntros =
    [
        ["spelled"], ["spelt"], ["spelling"], ["that's"], ["thats"], ["that", "is"], ["it's"], ["it", "is"], ["which", "is"], ["i.e."],
    ];

    // Words that only say how the next letter is written; an address or a name keeps its own case rules.
    private static readonly HashSet<string> s_caseWords = new(StringComparer.Ordinal) { "capital", "cap", "uppercase", "upper", "lowercase", "lower", "small" };

    // A NATO alphabet word, which is a letter only when it is part of a spelling (next to another spelled letter):
    // on its own "mike" or "victor" is a name.
    internal static bool TryGetPhoneticLetter(string word, out char letter) => s_phoneticAlphabet.TryGetValue(word, out letter);

    // A single letter a-z, or one followed by a period as transcripts write spelled letters ("j." in "J. O. H. N.").
    internal static bool TryGetSingleLetter(string token, bool allowPeriod, out char letter)
    {
        letter = default;
        if ((token.Length == 1 || (allowPeriod && token.Length == 2 && token[1] == '.')) && char.IsAsciiLetterLower(token[0]))
        {
            letter = token[0];
            return true;
        }

        return false;
    }

    internal static bool IsCaseWord(string word) => s_caseWords.Contains(word);

    // "j-o-h-n": three or more single letters or digits joined by hyphens is a spelling ("x-ray" and "mary-jane" are not).
    internal static bool TrySplitHyphenSpelling(string token, out string letters)
    {
        letters = string.Empty;
        if (token.Length < 5 || token[0] == '-' || token[^1] == '-')
        {
            return false;
        }

        string[] parts = token.Split('-');
        if (parts.Length < 3)
        {
            return false;
        }

        var joined = new char[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 1 || !char.IsAsciiLetterOrDigit(parts[i][0]))
            {
                return false;
            }

            joined[i] = parts[i][0];
        }

        letters = new string(joined);
        return true;
    }

    /// <summary>Reads the words that introduce a spelling ("that's", "spelled") at <paramref name="start"/>, when a spelled letter follows.</summary>
    /// <returns>The number of tokens to skip (0 when there is no such phrase).</returns>
    internal static int ReadSpellingIntro(IReadOnlyList<string> tokens, int start)
    {
        foreach (string[] intro in s_spellingIntros)
        {
            int next = start + intro.Length;
            // Another intro may come between ("that's, it's J O N"): all of them are dropped, so what is left reads the same again.
            if (next < tokens.Count && Matches(tokens, start, intro) && (IsSpelledLetterToken(tokens[next]) || ReadSpellingIntro(tokens, next) > 0))
            {
                return intro.Length;
            }
        }

        return 0;
    }

    /// <summary>
    /// Reads "with a K" / "with an H" at <paramref name="start"/>, which says a letter is in the word before it ("Sarah
    /// with an H").
    /// </summary>
    /// <returns>The number of tokens read (0 when the words at <paramref name="start"/> are not such a phrase).</returns>
    internal static int ReadWithALetter(IReadOnlyList<string> tokens, int start, out char letter)
    {
        letter = default;
        return start + 2 < tokens.Count && tokens[start] == "with" && tokens[start + 1] is "a" or "an"
            && TryGetSingleLetter(tokens[start + 2], allowPeriod: true, out letter)
            ? 3
            : 0;
    }

    // A token that starts a spelling: a single letter, a NATO word, or letters joined by hyphens.
    private static bool IsSpelledLetterToken(string token) =>
        TryGetSingleLetter(token, allowPeriod: true, out _) || TryGetPhoneticLetter(token, out _) || TrySplitHyphenSpelling(token, out _);

    /// <summary>
    /// Reads "J as in Juliet" (or "for", "like") at <paramref name="start"/>: a single letter or NATO word, the marker and an
    /// example word that must start with the letter.
    /// </summary>
    /// <returns>The number of tokens read (0 when the words at <paramref name="start"/> are not such a phrase).</returns>
    internal static int ReadLetterExample(IReadOnlyList<string> tokens, int start, out char letter, out string? error)
    {
        letter = default;
        error = null;
        if (!TryGetSingleLetter(tokens[start], allowPeriod: false, out letter) && !TryGetPhoneticLetter(tokens[start], out letter))
        {
            return 0;
        }

        foreach (string[] marker in s_exampleMarkers)
        {
            int exampleAt = start + 1 + marker.Length;
            if (exampleAt >= tokens.Count || !Matches(tokens, start + 1, marker))
            {
                continue;
            }

            string example = tokens[exampleAt];
            if (example.Length < 2 || !char.IsAsciiLetterLower(example[0]))
            {
                continue;
            }

            if (example[0] != letter)
            {
                // "B as in Victor": one of the two was misheard; asking again beats picking one.
                error = $"says '{tokens[start]} {string.Join(' ', marker)} {example}', but '{example}' does not start with '{letter}'; ask the caller to spell that letter again.";
            }

            return exampleAt + 1 - start;
        }

        return 0;
    }

    private static bool Matches(IReadOnlyList<string> tokens, int start, string[] words)
    {
        if (start + words.Length > tokens.Count)
        {
            return false;
        }

        for (int j = 0; j < words.Length; j++)
        {
            if (!string.Equals(tokens[start + j], words[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
