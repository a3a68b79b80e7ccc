using System;
using System.Collections.Generic;

namespace RealtimeVoiceAgent.Contacts;

// Turns the spellings inside a spoken name into the words they spell: "Jon, J O N, Smith" is Jon Smith, "Ada L-O-V-E-L-A-C-E"
// Ada Lovelace, "Smith, S as in Sierra M Y T H" Smyth, "alpha delta alpha" Ada. Initials stay initials ("J. R. R. Tolkien").
// A name with no spelling in it is returned as it was given.
internal static class SpelledNameReader
{
    private const string Vowels = "aeiouy";

    // Returns the name's words with each spelling replaced, or an error when a spelling cannot be read unambiguously.
    internal static string? Read(string[] words, out List<string> result)
    {
        result = new List<string>(words.Length);
        var lower = new List<string>(words.Length);
        foreach (string word in words)
        {
            lower.Add(word.ToLowerInvariant().Trim(',', ';', ':'));
        }

        List<Item>? items = ReadItems(words, lower, out string? error);
        if (error is not null)
        {
            return error;
        }

        if (items is null)
        {
            // Nothing spelled: keep the words exactly as given (commas and all, which the name rules then judge).
            result.AddRange(words);
            return null;
        }

        foreach (Item item in items)
        {
            if (item.Spelled is { } spelled)
            {
                AddSpelledWord(result, spelled);
            }
            else if (item.Word.Length > 0)
            {
                result.Add(item.Word);
            }
        }

        return null;
    }

    // A spelled word after the word it spells confirms it ("Sean, S E A N") or corrects it ("Smith, S M Y T H": the spelling
    // wins); otherwise it is a word of its own ("Ada L O V E L A C E").
    private static void AddSpelledWord(List<string> result, string spelled)
    {
        if (result.Count > 0)
        {
            string previous = result[^1].ToLowerInvariant();
            if (previous == spelled)
            {
                return;
            }

            if (previous[0] == spelled[0] && EditDistance(previous, spelled) <= Math.Max(2, spelled.Length / 3))
            {
                result[^1] = spelled;
                return;
            }
        }

        result.Add(spelled);
    }

    // Null when the name holds no spelling.
    private static List<Item>? ReadItems(string[] words, List<string> lower, out string? error)
    {
        error = null;
        var items = new List<Item>();
        var run = new List<char>();
        bool runIsCertain = false;
        bool anySpelling = false;
        for (int i = 0; i < lower.Count;)
        {
            // A comma is a pause: "g r a c e, m u r p h y" spells two words.
            if (i > 0 && words[i - 1].EndsWith(',') || i > 0 && words[i - 1].EndsWith(';'))
            {
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
            }

            string token = lower[i];
            int consumed = SpokenLetters.ReadLetterExample(lower, i, out char example, out error);
            if (error is not null)
            {
                return null;
            }

            if (consumed > 0)
            {
                run.Add(example);
                runIsCertain = true;
                i += consumed;
                continue;
            }

            if (SpokenNumbers.TryGetRepeatCount(token, out int times) && i + 1 < lower.Count
                && SpokenLetters.TryGetSingleLetter(lower[i + 1], allowPeriod: true, out char repeated))
            {
                if (repeated == 'u')
                {
                    error = $"says '{token} u', which could be the letter W or {times} U's; ask the caller to spell the name again.";
                    return null;
                }

                // "E L L I double O T T": a doubled letter is a spelling.
                run.AddRange(new string(repeated, times));
                runIsCertain = true;
                i += 2;
                continue;
            }

            if (SpokenLetters.TryGetSingleLetter(token, allowPeriod: true, out char letter))
            {
                run.Add(letter);
            }
            else if (SpokenLetters.TryGetPhoneticLetter(token, out char phonetic) && IsPhoneticSpelling(lower, i))
            {
                run.Add(phonetic);
                runIsCertain = true;
            }
            else if (SpokenLetters.TrySplitHyphenSpelling(token, out string hyphenSpelled) && IsAllLetters(hyphenSpelled))
            {
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
                run.AddRange(hyphenSpelled);
                runIsCertain = true;
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
            }
            else if (SpokenLetters.ReadSpellingIntro(lower, i) is > 0 and int introLength)
            {
                // "Jon, that's J O N": the words before a spelling are dropped; the spelling follows.
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
                runIsCertain = true;
                anySpelling = true;
                i += introLength;
                continue;
            }
            else if (SpokenLetters.ReadWithALetter(lower, i, out char withLetter) is > 0 and int withLength)
            {
                // "Sarah with an H" confirms the word before it has that letter; otherwise one of them was misheard.
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
                string? previous = items.Count > 0 ? items[^1].Spelled ?? items[^1].Word : null;
                if (previous is null || !previous.Contains(withLetter, StringComparison.OrdinalIgnoreCase))
                {
                    error = $"says '{string.Join(' ', lower.GetRange(i, withLength))}', but '{previous}' has no '{char.ToUpperInvariant(withLetter)}'; ask the caller to spell the name.";
                    return null;
                }

                anySpelling = true;
                i += withLength;
                continue;
            }
            else
            {
                anySpelling |= Flush(items, words, i, run, ref runIsCertain);
                items.Add(new Item(words[i].Trim(',', ';', ':'), null));
            }

            i++;
        }

        anySpelling |= Flush(items, words, lower.Count, run, ref runIsCertain);
        return anySpelling ? items : null;
    }

    // Ends a run of single letters. Three or more letters with a vowel, or any run with a NATO word, an example ("S as in
    // Sam") or hyphens, is a spelled word; a shorter run is initials ("J R Smith", "J. R. R. Tolkien"), kept as written.
    private static bool Flush(List<Item> items, string[] words, int end, List<char> run, ref bool runIsCertain)
    {
        if (run.Count == 0)
        {
            runIsCertain = false;
            return false;
        }

        string letters = new(run.ToArray());
        bool spelled = runIsCertain || (run.Count >= 3 && letters.AsSpan().IndexOfAny(Vowels) >= 0);
        if (spelled)
        {
            items.Add(new Item(string.Empty, letters));
        }
        else
        {
            for (int j = end - run.Count; j < end; j++)
            {
                items.Add(new Item(words[j].Trim(',', ';', ':'), null));
            }
        }

        run.Clear();
        runIsCertain = false;
        return spelled;
    }

    // NATO words are names too ("Victor", "Mike Oscar"), so in a name they spell only next to a single letter or in a run
    // of three or more.
    private static bool IsPhoneticSpelling(List<string> lower, int index)
    {
        if (IsSingleLetter(lower, index - 1) || IsSingleLetter(lower, index + 1))
        {
            return true;
        }

        int start = index;
        while (start > 0 && IsLetterish(lower, start - 1))
        {
            start--;
        }

        int end = index;
        while (IsLetterish(lower, end + 1))
        {
            end++;
        }

        return end - start + 1 >= 3;
    }

    private static bool IsSingleLetter(List<string> lower, int index) =>
        index >= 0 && index < lower.Count && SpokenLetters.TryGetSingleLetter(lower[index], allowPeriod: true, out _);

    private static bool IsLetterish(List<string> lower, int index) =>
        index >= 0 && index < lower.Count
        && (SpokenLetters.TryGetSingleLetter(lower[index], allowPeriod: true, out _) || SpokenLetters.TryGetPhoneticLetter(lower[index], out _));

    private static bool IsAllLetters(string value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // A word as given, or (Word empty) a spelled word in lower case.
    private readonly record struct Item(string Word, string? Spelled);
}
