using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using PhoneNumbers;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>
/// Property tests: any valid contact, said in any of the ways <see cref="SpokenFormRenderer"/> knows, normalizes back to
/// itself. The renderer is driven by a seed CsCheck generates, so a failure prints a seed that replays it.
/// </summary>
public class ContactSpokenRoundTripPropertyTests
{
    private static readonly string[] s_firstNames =
    [
        "Ada", "Grace", "Jon", "Sean", "Priya", "Zoe", "Liam", "Chloe", "Mateo", "Aisha", "Hiroshi", "Ingrid", "Kwame", "Lucia",
        "Nina", "Omar", "Raj", "Sofia", "Tomas", "Yuki", "Elliott", "Anna",
    ];

    private static readonly string[] s_lastNames =
    [
        "Lovelace", "Hopper", "Smith", "Murphy", "Sharma", "Nakamura", "Okafor", "Garcia", "Schmidt", "Dubois", "Rossi",
        "Kowalski", "Andersen", "Silva", "Tanaka", "Patel", "Brown", "Nguyen", "Fischer", "Moreau", "Abbott", "Russell",
    ];

    private static readonly string[] s_emailWords =
    [
        "ada", "grace", "jon", "smith", "lovelace", "hopper", "priya", "sales", "info", "team", "kate", "alex", "zoe", "mail",
        "gmail", "yahoo", "outlook", "hotmail", "example", "acme", "contoso", "proton", "icloud", "company", "studio",
    ];

    private static readonly string[] s_topLevelDomains = ["com", "org", "net", "io", "de", "fr", "co.uk", "com.au", "co.in", "edu"];

    private static readonly string[] s_regions = ["US", "GB", "DE", "FR", "IN", "AU"];

    private static readonly PhoneNumberType[] s_phoneTypes = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE];

    private static readonly Gen<string> s_word = Gen.OneOf(
        Gen.OneOf(s_emailWords),
        // Not a spoken keyword, and not only O's (said between digits, "o o" could be zeros: refused by design).
        Gen.String[Gen.Char['a', 'z'], 2, 8].Where(w => !SpokenFormRenderer.SpokenKeywords.Contains(w) && w.Trim('o').Length > 0));

    [Fact]
    public void NormalizeName_AnyValidNameSaidAnyWay_ReturnsTheName()
    {
        Gen<string[]> name = Gen.Select(Gen.OneOf(s_firstNames), Gen.OneOf(s_lastNames), (first, last) => new[] { first, last });

        Gen.Select(name, Gen.Int).Sample((words, seed) =>
        {
            // Arrange
            string expected = string.Join(' ', words);
            string said = SpokenFormRenderer.SayName(words, new Random(seed));

            // Act
            ContactFieldResult result = new ContactNormalizer().NormalizeName(said);

            // Assert
            Assert.True(result.IsValid, $"'{said}': {result.Error}");
            Assert.True(expected == result.Value, $"'{said}' -> '{result.Value}', expected '{expected}'");
        }, iter: 3000);
    }

    [Fact]
    public void NormalizeEmail_AnyValidAddressSaidAnyWay_ReturnsTheAddress()
    {
        Gen.Select(EmailParts(), Gen.Int).Sample((parts, seed) =>
        {
            // Arrange
            string expected = string.Concat(parts.Select(p => p.Text));
            string said = SpokenFormRenderer.SayEmail(parts, new Random(seed));

            // Act
            ContactFieldResult result = new ContactNormalizer().NormalizeEmail(said);

            // Assert
            Assert.True(result.IsValid, $"'{said}' ({expected}): {result.Error}");
            Assert.True(expected == result.Value, $"'{said}' -> '{result.Value}', expected '{expected}'");
        }, iter: 5000);
    }

    [Fact]
    public void NormalizePhone_AnyValidNumberSaidAnyWayInSixRegions_ReturnsE164()
    {
        Gen<(string Region, string E164)> number = Gen.Select(Gen.OneOf(s_regions), Gen.OneOf(s_regions), Gen.OneOf(s_phoneTypes), Gen.Int[0, 9999])
            .Select((callerRegion, numberRegion, type, tail) => (callerRegion, VaryExample(numberRegion, type, tail)))
            .Where(n => n.Item2 is not null)
            .Select(n => (n.callerRegion, n.Item2!));
        Gen<string?> extension = Gen.OneOf(Gen.Const(default(string)), Gen.Int[1, 9999].Select(e => (string?)e.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Gen.Select(number, extension, Gen.Int).Sample((phone, ext, seed) =>
        {
            // Arrange: a caller in one region saying a number of that region or another.
            string said = SpokenFormRenderer.SayPhone(phone.E164, ext, phone.Region, new Random(seed));

            // Act
            ContactFieldResult result = new ContactNormalizer(phone.Region).NormalizePhone(said);

            // Assert
            Assert.True(result.IsValid, $"{phone.Region} '{said}' ({phone.E164}): {result.Error}");
            Assert.True(phone.E164 == result.Value && ext == result.Extension, $"{phone.Region} '{said}' -> '{result.Value}' x{result.Extension}, expected '{phone.E164}' x{ext}");
        }, iter: 5000);
    }

    // Local part: words and digit runs (never two runs of digits in a row), maybe joined by . _ - +; domain: words (maybe
    // with two or more digits) and a top-level domain.
    private static Gen<EmailPart[]> EmailParts()
    {
        Gen<EmailPart> digits = Gen.Int[0, 9].Array[1, 4].Select(d => new EmailPart(EmailPartKind.Digits, string.Concat(d)));
        Gen<EmailPart> word = s_word.Select(w => new EmailPart(EmailPartKind.Word, w));
        Gen<EmailPart> separator = Gen.OneOf(".", "_", "-", "+").Select(s => new EmailPart(EmailPartKind.Symbol, s));
        Gen<EmailPart[]> local = Gen.Select(word, Gen.OneOf(Gen.Const(default(EmailPart?)), separator.Select(s => (EmailPart?)s)), word.Array[0, 1], Gen.OneOf(Gen.Const(default(EmailPart?)), digits.Select(d => (EmailPart?)d)))
            .Select((first, sep, second, trailingDigits) =>
            {
                var parts = new List<EmailPart> { first };
                if (second.Length > 0)
                {
                    // Two words said one after the other with the same first letter: the second, spelled, would be heard
                    // as the spelling of the first ("kate k a t e"), so a caller would say a separator or nothing twice.
                    if (sep is { } s)
                    {
                        parts.Add(s);
                    }
                    else if (second[0].Text[0] == first.Text[0])
                    {
                        parts.Add(new EmailPart(EmailPartKind.Symbol, "."));
                    }

                    parts.Add(second[0]);
                }

                if (trailingDigits is { } d)
                {
                    parts.Add(d);
                }

                return parts.ToArray();
            });
        Gen<EmailPart[]> domainLabel = Gen.Select(word, Gen.OneOf(Gen.Const(default(string)), Gen.Int[10, 999].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Select((w, n) => n is null ? new[] { w } : new[] { w, new EmailPart(EmailPartKind.Digits, n) });
        Gen<EmailPart[]> topLevel = Gen.OneOf(s_topLevelDomains).Select(tld => tld.Split('.').SelectMany((label, i) => i == 0
            ? new[] { new EmailPart(EmailPartKind.TopLevel, label) }
            : new[] { new EmailPart(EmailPartKind.Symbol, "."), new EmailPart(EmailPartKind.TopLevel, label) }).ToArray());

        return Gen.Select(local, domainLabel, topLevel, (l, d, t) =>
            l.Append(new EmailPart(EmailPartKind.Symbol, "@")).Concat(d).Append(new EmailPart(EmailPartKind.Symbol, ".")).Concat(t).ToArray());
    }

    // A valid number of a region: its example number of a type, with the last four digits replaced (null when that is not valid).
    private static string? VaryExample(string region, PhoneNumberType type, int tail)
    {
        PhoneNumberUtil phones = PhoneNumberUtil.GetInstance();
        PhoneNumber? example = phones.GetExampleNumberForType(region, type);
        if (example is null)
        {
            return null;
        }

        string e164 = phones.Format(example, PhoneNumberFormat.E164);
        string varied = e164[..^4] + tail.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        return SpokenFormRenderer.IsValidPhone(varied) ? varied : null;
    }
}
