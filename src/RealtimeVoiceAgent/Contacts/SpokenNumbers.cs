using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

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

    private static readonly Dictionary<string, string> s_scaleWords = new(StringComparer.Ordinal)
    {
        ["hundred"] = "00", ["thousand"] = "000",
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

    // "hundred" and "thousand", as the zeros they append.
    internal static bool TryGetScaleZeros(string word, [NotNullWhen(true)] out string? zeros) => s_scaleWords.TryGetValue(word, out zeros);
}
