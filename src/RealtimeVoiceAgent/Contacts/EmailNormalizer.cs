using System;
using System.Collections.Generic;
using System.Text;

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
        (["underline"], "_"),
        (["dash"], "-"),
        (["hyphen"], "-"),
        (["minus"], "-"),
        (["plus"], "+"),
        (["dotcom"], ".com"),
    ];

    // Said about how to write the address, not part of it. Longer phrases first.
    private static readonly string[][] s_fillerPhrases =
    [
        ["all", "in", "one", "word"], ["all", "one", "word"], ["one", "word"], ["no", "spaces"], ["no", "space"],
        ["all", "lower", "case"], ["all", "lowercase"], ["all", "small", "letters"], ["all", "small"],
    ];

    // Characters RFC 5322 allows in an unquoted local part (quoted local parts are not something people say).
    private const string LocalPartSymbols = ".!#$%&'*+/=?^_`{|}~-";

    // Transcription noise around an address: trailing punctuation ends a sentence, quotes and brackets wrap it.
    private static readonly char[] s_trailingNoise = ['.', ',', ';', ':', '!', '?', '"', '\'', '>', ')', ']'];
    private static readonly char[] s_leadingNoise = ['"', '\'', '<', '(', '['];

    // Noise around one spoken word; a period stays, since "j." is a spelled letter and "com." ends the address.
    private static readonly char[] s_tokenNoise = [',', ';', ':', '!', '?', '"', '<', '>', '(', ')'];

    // Addresses written to dodge spam harvesters, as some callers dictate them: "john (at) example (dot) com".
    private static readonly (string Written, string Said)[] s_obfuscations =
    [
        ("(at)", " at "), ("[at]", " at "), ("{at}", " at "), ("(dot)", " dot "), ("[dot]", " dot "), ("{dot}", " dot "),
    ];

    private enum PieceKind
    {
        Symbol,
        Letter,
        Digits,
        Word,

        // A NATO alphabet word: a letter inside a spelling, a word on its own.
        Phonetic,

        // "o" or "oh": the letter O inside a spelling, ambiguous next to digits.
        LetterOrZero,

        // A lone number word in the domain: a word ("one dot com"), unless it is next to digits.
        NumberWord,
    }

    internal static ContactFieldResult Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return ContactFieldResult.Failure(ContactField.Email, raw, "is empty; ask for the email address.");
        }

        string text = SpokenPreamble.Strip(ContactField.Email, raw).Trim().ToLowerInvariant();
        if (text.StartsWith("mailto:", StringComparison.Ordinal))
        {
            text = text["mailto:".Length..];
        }

        foreach ((string written, string said) in s_obfuscations)
        {
            text = text.Replace(written, said, StringComparison.Ordinal);
        }

        string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        List<Piece> read = ReadPieces(tokens, out string? readError);
        if (readError is not null || ResolveSpelling(read, out readError) is not { } pieces)
        {
            return ContactFieldResult.Failure(ContactField.Email, raw, readError!);
        }

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
            ? ContactFieldResult.Success(ContactField.Email, raw, joined, ContactReadBack.Email(joined))
            : ContactFieldResult.Failure(ContactField.Email, raw, $"'{joined}' {error}");
    }

    // First pass: symbols, spelled letters, number words and words, each as one piece. Whether a NATO word or an "o"
    // is a letter depends on its neighbours, so those are decided in ResolveSpelling.
    private static List<Piece> ReadPieces(string[] rawTokens, out string? error)
    {
        error = null;
        var tokens = new List<string>(rawTokens.Length);
        foreach (string rawToken in rawTokens)
        {
            // Commas and the like between spoken words are transcription noise, never part of an address.
            string token = rawToken.Trim(s_tokenNoise);
            int hyphen = token.IndexOf('-', StringComparison.Ordinal);
            if (hyphen > 0 && SpokenNumbers.TryGetTensDigit(token[..hyphen], out _) && SpokenNumbers.TryGetDigit(token[(hyphen + 1)..], out _))
            {
                // "twenty-one" is written with a hyphen but said as two number words.
                tokens.Add(token[..hyphen]);
                tokens.Add(token[(hyphen + 1)..]);
            }
            else if (token.Length > 0)
            {
                tokens.Add(token);
            }
        }

        var pieces = new List<Piece>(tokens.Count);
        bool inDomain = false;
        for (int i = 0; i < tokens.Count;)
        {
            string token = tokens[i];
            if (MatchPhrase(tokens, i) is { } phrase)
            {
                pieces.Add(new Piece(PieceKind.Symbol, phrase.Symbol));
                inDomain |= phrase.Symbol == "@";
                i += phrase.Length;
                continue;
            }

            if (MatchFiller(tokens, i) is > 0 and int filler)
            {
                // "all one word", "no spaces": how to write it, not part of it.
                i += filler;
                continue;
            }

            if (SpokenLetters.ReadSpellingIntro(tokens, i) is > 0 and int intro)
            {
                // "john, that's j o h n": the spelling that follows confirms or corrects the word before.
                i += intro;
                continue;
            }

            if (SpokenLetters.ReadWithALetter(tokens, i, out char withLetter) is > 0 and int withLength)
            {
                string previous = pieces.Count > 0 ? pieces[^1].Text : string.Empty;
                if (!previous.Contains(withLetter, StringComparison.Ordinal))
                {
                    error = $"says 'with a {withLetter}', but '{previous}' has no '{withLetter}'; ask the caller to spell that part.";
                    return pieces;
                }

                i += withLength;
                continue;
            }

            int consumed = SpokenLetters.ReadLetterExample(tokens, i, out char example, out error);
            if (error is not null)
            {
                return pieces;
            }

            if (consumed > 0)
            {
                pieces.Add(new Piece(PieceKind.Letter, example.ToString()));
                i += consumed;
                continue;
            }

            string? next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            if (SpokenLetters.IsCaseWord(token) && next is not null && IsLetterWord(next))
            {
                // "capital J": addresses are lower case, so only the letter matters.
                i++;
                continue;
            }

            if (SpokenNumbers.TryGetRepeatCount(token, out int times) && next is not null)
            {
                if (next is "u" or "you")
                {
                    error = $"says '{token} {next}', which could be the letter W or {times} U's; ask the caller to spell that part again.";
                    return pieces;
                }

                if (ReadRepeated(next, times) is { } repeated)
                {
                    pieces.Add(repeated);
                    i += 2;
                    continue;
                }
            }

            if (SpokenNumbers.StartsNumber(token, zeroAliases: false))
            {
                consumed = SpokenNumbers.ReadNumber(tokens, i, phone: false, out string digits, out error);
                if (error is not null)
                {
                    return pieces;
                }

                // A lone number word in the domain is a word: "one dot com" is one.com; "one six three dot com" is 163.com.
                bool word = inDomain && consumed == 1;
                pieces.Add(word ? new Piece(PieceKind.NumberWord, token, Digits: digits) : new Piece(PieceKind.Digits, digits));
                i += consumed;
                continue;
            }

            if (IsDigits(token))
            {
                pieces.Add(new Piece(PieceKind.Digits, token));
            }
            else if (token is "o" or "oh")
            {
                pieces.Add(new Piece(PieceKind.LetterOrZero, token));
            }
            else if (SpokenLetters.TryGetSingleLetter(token, allowPeriod: true, out char letter))
            {
                pieces.Add(new Piece(PieceKind.Letter, letter.ToString()));
            }
            else if (SpokenLetters.TrySplitHyphenSpelling(token, out string spelled))
            {
                foreach (char c in spelled)
                {
                    pieces.Add(new Piece(char.IsAsciiDigit(c) ? PieceKind.Digits : PieceKind.Letter, c.ToString()));
                }
            }
            else if (SpokenLetters.TryGetPhoneticLetter(token, out _))
            {
                pieces.Add(new Piece(PieceKind.Phonetic, token));
            }
            else
            {
                pieces.Add(new Piece(PieceKind.Word, token));
                inDomain |= token.Contains('@', StringComparison.Ordinal);
            }

            i++;
        }

        return pieces;
    }

    // "double l" -> ll, "triple seven" -> 777, "double o" -> oo or 00 (decided by the neighbours).
    private static Piece? ReadRepeated(string next, int times)
    {
        if (next is "o" or "oh")
        {
            return new Piece(PieceKind.LetterOrZero, next, times);
        }

        if (SpokenLetters.TryGetSingleLetter(next, allowPeriod: true, out char letter) || SpokenLetters.TryGetPhoneticLetter(next, out letter))
        {
            return new Piece(PieceKind.Letter, new string(letter, times));
        }

        if (SpokenNumbers.TryGetDigit(next, out string? digit) || (next.Length == 1 && char.IsAsciiDigit(next[0]) && (digit = next) is not null))
        {
            return new Piece(PieceKind.Digits, new string(digit[0], times));
        }

        return null;
    }

    // Second pass. A NATO word next to another spelled letter is a letter ("alpha lima echo x-ray" is alex); on its own it
    // is a word ("mike at example dot com"). "o"/"oh" next to a spelled letter is the letter O; next to digits it could
    // be zero as well, so the address is refused rather than guessed.
    private static List<string>? ResolveSpelling(List<Piece> pieces, out string? error)
    {
        error = null;
        var texts = new List<(string Text, bool Spelled)>(pieces.Count);
        for (int i = 0; i < pieces.Count; i++)
        {
            Piece piece = pieces[i];
            PieceKind? before = i > 0 ? pieces[i - 1].Kind : null;
            PieceKind? after = i + 1 < pieces.Count ? pieces[i + 1].Kind : null;
            switch (piece.Kind)
            {
                case PieceKind.Phonetic:
                    SpokenLetters.TryGetPhoneticLetter(piece.Text, out char letter);
                    texts.Add(IsSpelled(before) || IsSpelled(after) ? (letter.ToString(), true) : (piece.Text, false));
                    break;
                case PieceKind.LetterOrZero:
                    // "H O O eight": the O's next to each other are judged together, by what is around them.
                    int first = i;
                    while (first > 0 && pieces[first - 1].Kind == PieceKind.LetterOrZero)
                    {
                        first--;
                    }

                    int last = i;
                    while (last + 1 < pieces.Count && pieces[last + 1].Kind == PieceKind.LetterOrZero)
                    {
                        last++;
                    }

                    before = first > 0 ? pieces[first - 1].Kind : null;
                    after = last + 1 < pieces.Count ? pieces[last + 1].Kind : null;
                    bool chain = last > first || piece.Times > 1;
                    if (IsSpelled(before) || IsSpelled(after) || chain && before is not PieceKind.Digits && after is not PieceKind.Digits)
                    {
                        texts.Add((new string('o', piece.Times), true));
                    }
                    else if (before is PieceKind.Digits || after is PieceKind.Digits)
                    {
                        error = $"has '{piece.Text}' next to digits, which could be the letter O or the digit zero; ask the caller to say 'zero' or 'the letter O'.";
                        return null;
                    }
                    else
                    {
                        texts.Add((piece.Text, false));
                    }

                    break;
                case PieceKind.NumberWord:
                    // "mail seven double one" is mail711: next to other digits, a number word is a digit after all.
                    texts.Add((before is PieceKind.Digits || after is PieceKind.Digits ? piece.Digits! : piece.Text, false));
                    break;
                default:
                    texts.Add((piece.Text, piece.Kind == PieceKind.Letter));
                    break;
            }
        }

        return MergeSpellings(texts);
    }

    // "maria, m a r i a, at ...": a spelling right after the word it spells confirms it (maria, not mariamaria) or corrects
    // it ("jon smith s m y t h" is jonsmyth); any other spelling is part of the address ("ada l o v e" is adalove). Only a
    // near match counts as a correction, so "ann a b c" stays annabc.
    private static List<string> MergeSpellings(List<(string Text, bool Spelled)> texts)
    {
        var merged = new List<string>(texts.Count);
        for (int i = 0; i < texts.Count;)
        {
            if (!texts[i].Spelled)
            {
                merged.Add(texts[i++].Text);
                continue;
            }

            var run = new StringBuilder();
            while (i < texts.Count && texts[i].Spelled)
            {
                run.Append(texts[i++].Text);
            }

            string spelled = run.ToString();
            string? word = merged.Count > 0 ? merged[^1] : null;
            if (word is { Length: >= 2 } && spelled.Length >= 2 && IsLetters(word) && word[0] == spelled[0]
                && (word == spelled || SpelledNameReader.EditDistance(word, spelled) <= Math.Max(1, spelled.Length / 3)))
            {
                merged[^1] = spelled;
            }
            else
            {
                merged.Add(spelled);
            }
        }

        return merged;
    }

    private static bool IsLetters(string value)
    {
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }


    private static bool IsDigits(string token)
    {
        foreach (char c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpelled(PieceKind? kind) => kind is PieceKind.Letter or PieceKind.Phonetic;

    private static bool IsLetterWord(string token) =>
        SpokenLetters.TryGetSingleLetter(token, allowPeriod: true, out _) || SpokenLetters.TryGetPhoneticLetter(token, out _);

    private static int MatchFiller(List<string> tokens, int start)
    {
        foreach (string[] words in s_fillerPhrases)
        {
            if (MatchesPhrase(tokens, start, words))
            {
                return words.Length;
            }
        }

        return 0;
    }

    private static (string Symbol, int Length)? MatchPhrase(List<string> tokens, int start)
    {
        foreach ((string[] words, string symbol) in s_emailPhrases)
        {
            if (MatchesPhrase(tokens, start, words))
            {
                return (symbol, words.Length);
            }
        }

        return null;
    }

    private static bool MatchesPhrase(List<string> tokens, int start, string[] words)
    {
        if (start + words.Length > tokens.Count)
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

        if (!(lettersOnly && topLevel.Length >= 2) && !topLevel.StartsWith("xn--", StringComparison.Ordinal))
        {
            return $"has a domain ending '.{topLevel}', which is not a real ending like .com or .co.uk.";
        }

        return TopLevelDomains.IsKnown(topLevel)
            ? null
            : $"has a domain ending '.{topLevel}', which is not a known ending like .com or .co.uk; ask the caller to spell the part after the last dot.";
    }

    private readonly record struct Piece(PieceKind Kind, string Text, int Times = 1, string? Digits = null);
}
