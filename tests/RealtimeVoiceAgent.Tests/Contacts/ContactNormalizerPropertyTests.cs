using System;
using System.Linq;
using CsCheck;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>Property tests: whatever is said, normalizing a normalized value changes nothing.</summary>
public class ContactNormalizerPropertyTests
{
    private static readonly ContactNormalizer s_normalizer = new();

    private static readonly string[] s_digitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static readonly Gen<string> s_separator = Gen.OneOf(" ", "  ", " - ", "-", ".", ", ", "\t");

    [Fact]
    public void NormalizeName_AnyInput_IsIdempotent()
    {
        Gen<string> word = Gen.OneOf(
            Gen.OneOf("mcdonald", "MCDONALD", "McDonald", "o'brien", "O'BRIEN", "van", "der", "de", "la", "DeShawn", "smith-jones",
                "ÉMILE", "zoë", "j.", "ada", "LOVELACE", "Mc", "d'angelo", "I'm", "it's", "my", "name", "is", "with", "a", "that's"),
            Gen.String[Gen.Char["abcdefgHIJKLM'-."], 1, 8]);
        Gen<string> name = Gen.Select(word.Array[1, 5], s_separator.Array[5], Gen.OneOf("", " ", "  ", ",", "!"), (words, separators, tail) =>
            string.Concat(words.Select((w, i) => (i == 0 ? string.Empty : separators[i].Replace("-", " ", StringComparison.Ordinal).Replace(".", " ", StringComparison.Ordinal)) + w)) + tail);

        name.Sample(raw => AssertIdempotent(ContactField.Name, raw), iter: 2000);
    }

    [Fact]
    public void NormalizeEmail_AnyInput_IsIdempotent()
    {
        Gen<string> token = Gen.OneOf(
            Gen.OneOf("john", "JOHN", "j", "o", "h", "n", "dot", "at", "underscore", "dash", "hyphen", "plus", "gmail", "com", "co", "uk",
                "example", "gmail.com", ".", "@", "at sign", "full stop", "DOT", "At", "x-y", "my email is", "it's", "that's", "with a",
                "twenty-one", "alpha", "oh", "double", "one word"),
            Gen.String[Gen.Char["abcxyz019._-"], 1, 6]);
        Gen<string> email = Gen.Select(token.Array[1, 9], Gen.OneOf("", ".", "!", " "), (tokens, tail) => string.Join(' ', tokens) + tail);

        email.Sample(raw => AssertIdempotent(ContactField.Email, raw), iter: 3000);
    }

    [Fact]
    public void NormalizeEmail_SpokenLocalAndDomain_ReturnsExpectedAddress()
    {
        // Arrange: spell local parts and domains out word by word, letter by letter, in random case. Words that are
        // themselves spoken symbols, numbers or NATO letters ("at", "dot", "one", "ten", "mike"...) are ambiguous when said
        // and are left out.
        Gen<string> part = Gen.String[Gen.Char['a', 'z'], 1, 8].Where(word => !SpokenFormRenderer.SpokenKeywords.Contains(word));
        Gen<string[]> local = part.Array[1, 3];
        Gen<string[]> domain = part.Array[1, 3];
        Gen<string> tld = Gen.OneOf("com", "org", "uk", "io", "de");
        Gen<bool> spellLetters = Gen.Bool;
        Gen<bool> upper = Gen.Bool;

        Gen.Select(local, domain, tld, spellLetters, upper).Sample((localParts, domainParts, topLevel, spell, shout) =>
        {
            string Say(string word) => spell ? string.Join(' ', word.ToCharArray()) : word;
            string spoken = string.Join(" dot ", localParts.Select(Say)) + " at " + string.Join(" dot ", domainParts.Select(Say)) + " dot " + topLevel;
            if (shout)
            {
                spoken = spoken.ToUpperInvariant();
            }

            string expected = string.Join('.', localParts) + "@" + string.Join('.', domainParts) + "." + topLevel;

            // Act
            ContactFieldResult result = s_normalizer.NormalizeEmail(spoken);

            // Assert
            Assert.True(result.IsValid, $"{spoken}: {result.Error}");
            Assert.Equal(expected, result.Value);
            AssertIdempotent(ContactField.Email, spoken);
        });
    }

    [Fact]
    public void NormalizePhone_SpokenUsNumber_ReturnsE164AndIsIdempotent()
    {
        // Arrange: a valid ten-digit NANP number said digit by digit as words, digits or "oh", with random separators.
        Gen<int[]> digits = Gen.Select(Gen.Int[2, 9], Gen.Int[0, 9].Array[9], (first, rest) => new[] { first }.Concat(rest).ToArray())
            .Where(number => SpokenFormRenderer.IsValidPhone("+1" + string.Concat(number)));
        Gen<int> style = Gen.Int[0, 2];
        Gen<string> prefix = Gen.OneOf("", "plus one ", "+1 ", "1 ", "one ");
        Gen<string> extension = Gen.OneOf("", " extension 12", " ext. 7", " x99");

        Gen.Select(digits, style.Array[10], s_separator.Array[10], prefix, extension).Sample((number, styles, separators, start, ext) =>
        {
            string spoken = start + string.Concat(number.Select((d, i) =>
                (i == 0 ? string.Empty : separators[i]) + styles[i] switch
                {
                    0 => s_digitWords[d],
                    1 => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => d == 0 ? "oh" : s_digitWords[d].ToUpperInvariant(),
                })) + ext;

            // Act
            ContactFieldResult result = s_normalizer.NormalizePhone(spoken);

            // Assert
            Assert.True(result.IsValid, $"{spoken}: {result.Error}");
            Assert.Equal("+1" + string.Concat(number), result.Value);
            AssertIdempotent(ContactField.Phone, spoken);
        });
    }

    [Fact]
    public void NormalizePhone_AnyInput_IsIdempotent()
    {
        Gen<string> token = Gen.OneOf(
            Gen.OneOf(s_digitWords),
            Gen.OneOf("oh", "double", "triple", "plus", "+", "twenty", "fifteen", "hundred", "extension", "dash", "(", ")", "-", "it's", "my number is", "twenty-six", "and", "thousand"),
            Gen.String[Gen.Char['0', '9'], 1, 4]);

        Gen.Select(token.Array[1, 14], s_separator.Array[14], (tokens, separators) => string.Concat(tokens.Select((t, i) => separators[i] + t)))
            .Sample(raw => AssertIdempotent(ContactField.Phone, raw), iter: 3000);
    }

    private static void AssertIdempotent(ContactField field, string raw)
    {
        ContactFieldResult first = s_normalizer.Normalize(field, raw);
        if (!first.IsValid)
        {
            return;
        }

        // The phone's extension is kept apart from the E.164 value; say it again the way a caller would.
        string again = first.Extension is null ? first.Value! : $"{first.Value} extension {first.Extension}";
        ContactFieldResult second = s_normalizer.Normalize(field, again);

        // Normalized values are trimmed, single-spaced, and emails/phones have no spaces at all.
        Assert.Equal(first.Value!.Trim(), first.Value);
        Assert.DoesNotContain("  ", first.Value, StringComparison.Ordinal);
        if (field != ContactField.Name)
        {
            Assert.DoesNotContain(' ', first.Value);
        }

        Assert.True(second.IsValid, $"'{raw}' -> '{again}': {second.Error}");
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Extension, second.Extension);
    }
}
