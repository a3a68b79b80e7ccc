using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public class ContactNormalizerEmailTests
{
    private readonly ContactNormalizer _normalizer = new();

    [Theory]
    // "dot" and "at"
    [InlineData("john dot smith at gmail dot com", "john.smith@gmail.com")]
    [InlineData("John Dot Smith At Gmail Dot Com", "john.smith@gmail.com")]
    [InlineData("john at example dot org", "john@example.org")]
    [InlineData("john period smith at gmail period com", "john.smith@gmail.com")]
    [InlineData("john point smith at gmail point com", "john.smith@gmail.com")]
    [InlineData("john full stop smith at gmail full stop com", "john.smith@gmail.com")]
    [InlineData("john at sign example dot com", "john@example.com")]
    [InlineData("john at symbol example dot com", "john@example.com")]
    [InlineData("john at the rate gmail dot com", "john@gmail.com")]
    [InlineData("john at the rate of gmail dot com", "john@gmail.com")]
    [InlineData("john at gmail dotcom", "john@gmail.com")]
    // missing "at" before a domain (the seed's rule)
    [InlineData("john gmail.com", "john@gmail.com")]
    [InlineData("john gmail dot com", "john@gmail.com")]
    [InlineData("john dot smith gmail dot com", "john.smith@gmail.com")]
    [InlineData("john smith gmail dot com", "johnsmith@gmail.com")]
    [InlineData("john gmail dot co dot uk", "john@gmail.co.uk")]
    [InlineData("j o h n gmail.com", "john@gmail.com")]
    // spelled letters and multi-part domains
    [InlineData("J O H N at example dot co dot uk", "john@example.co.uk")]
    [InlineData("j o h n s m i t h at g mail dot com", "johnsmith@gmail.com")]
    [InlineData("a d a at example dot com", "ada@example.com")]
    [InlineData("mary at mail dot example dot co dot uk", "mary@mail.example.co.uk")]
    // digit words in the name part only
    [InlineData("john one two three at gmail dot com", "john123@gmail.com")]
    [InlineData("j o h n nine at example dot com", "john9@example.com")]
    [InlineData("ada at one dot com", "ada@one.com")]
    [InlineData("o w e n at example dot com", "owen@example.com")]
    // underscore, dash, hyphen, plus
    [InlineData("john underscore smith at example dot com", "john_smith@example.com")]
    [InlineData("john under score smith at example dot com", "john_smith@example.com")]
    [InlineData("mary dash jones at example dot com", "mary-jones@example.com")]
    [InlineData("mary hyphen jones at example dot com", "mary-jones@example.com")]
    [InlineData("mary minus jones at example dot com", "mary-jones@example.com")]
    [InlineData("mary at my dash company dot com", "mary@my-company.com")]
    [InlineData("john plus news at gmail dot com", "john+news@gmail.com")]
    // stray spaces, punctuation, upper case, already written
    [InlineData("  john.smith @ gmail .com  ", "john.smith@gmail.com")]
    [InlineData("john.smith@gmail.com.", "john.smith@gmail.com")]
    [InlineData("john.smith@gmail.com!", "john.smith@gmail.com")]
    [InlineData("john at gmail dot com.", "john@gmail.com")]
    [InlineData("john, at gmail, dot com", "john@gmail.com")]
    [InlineData("\"john@gmail.com\"", "john@gmail.com")]
    [InlineData("<john@gmail.com>", "john@gmail.com")]
    [InlineData("mailto:john@gmail.com", "john@gmail.com")]
    [InlineData("JOHN.SMITH@GMAIL.COM", "john.smith@gmail.com")]
    [InlineData("JOHN AT GMAIL DOT COM", "john@gmail.com")]
    [InlineData("john@gmail.com", "john@gmail.com")]
    [InlineData("john.o'neil@example.ie", "john.o'neil@example.ie")]
    [InlineData("j99@example.com", "j99@example.com")]
    [InlineData("user@xn--bcher-kva.example", "user@xn--bcher-kva.example")]
    // phonetic spelling: NATO words inside a spelling, "J as in Juliet", "J for Juliet"
    [InlineData("alpha lima echo x-ray at gmail dot com", "alex@gmail.com")]
    [InlineData("Alpha Lima Echo X-ray at Gmail dot com", "alex@gmail.com")]
    [InlineData("sierra mike india tango hotel at gmail dot com", "smith@gmail.com")]
    [InlineData("j as in juliet o h n at gmail dot com", "john@gmail.com")]
    [InlineData("J for Juliet, O, H, N at gmail dot com", "john@gmail.com")]
    [InlineData("k like kilo a t e at example dot org", "kate@example.org")]
    [InlineData("ada dot l o v e l a c e at example dot com", "ada.lovelace@example.com")]
    [InlineData("j o h n dot delta oscar echo at example dot com", "john.doe@example.com")]
    [InlineData("mike at gmail dot com", "mike@gmail.com")]
    [InlineData("victor dot hugo at example dot com", "victor.hugo@example.com")]
    [InlineData("charlie brown at example dot com", "charliebrown@example.com")]
    // letters separated by hyphens or written with periods, "capital", "double"
    [InlineData("J-O-H-N dot S-M-I-T-H at gmail dot com", "john.smith@gmail.com")]
    [InlineData("j. o. h. n. at gmail dot com", "john@gmail.com")]
    [InlineData("capital J o h n at gmail dot com", "john@gmail.com")]
    [InlineData("b o double l at example dot com", "boll@example.com")]
    [InlineData("anna triple seven at example dot com", "anna777@example.com")]
    [InlineData("mary-jane at example dot com", "mary-jane@example.com")]
    // what callers say around a spelling, and about how to write it
    [InlineData("john, that's j o h n, at gmail dot com", "john@gmail.com")]
    [InlineData("jon, spelled j-o-h-n, at gmail dot com", "john@gmail.com")]
    [InlineData("sarah with an h at gmail dot com", "sarah@gmail.com")]
    [InlineData("john smith all one word at gmail dot com", "johnsmith@gmail.com")]
    [InlineData("my email is john at gmail dot com", "john@gmail.com")]
    [InlineData("Email: john@gmail.com", "john@gmail.com")]
    [InlineData("maria, m a r i a, at yahoo dot com", "maria@yahoo.com")]
    // number words: digit by digit, in groups, with hundreds and thousands
    [InlineData("alex one two three at yahoo dot com", "alex123@yahoo.com")]
    [InlineData("sam twenty one at gmail dot com", "sam21@gmail.com")]
    [InlineData("sam twenty-one at gmail dot com", "sam21@gmail.com")]
    [InlineData("kate two thousand at outlook dot com", "kate2000@outlook.com")]
    [InlineData("kate nineteen ninety at outlook dot com", "kate1990@outlook.com")]
    [InlineData("bob two thousand and five at example dot com", "bob2005@example.com")]
    [InlineData("bob two thousand twenty four at example dot com", "bob2024@example.com")]
    [InlineData("zoe one hundred at example dot com", "zoe100@example.com")]
    [InlineData("james zero zero seven at example dot com", "james007@example.com")]
    [InlineData("l e o one at example dot com", "leo1@example.com")]
    [InlineData("john at one six three dot com", "john@163.com")]
    // "at the rate (of)", "at sign", bracketed forms
    [InlineData("priya at the rate of gmail dot com", "priya@gmail.com")]
    [InlineData("priya at the rate gmail dot co dot in", "priya@gmail.co.in")]
    [InlineData("john at sign gmail dot com", "john@gmail.com")]
    [InlineData("john (at) example (dot) com", "john@example.com")]
    [InlineData("john underline smith at example dot com", "john_smith@example.com")]
    public void NormalizeEmail_SpokenOrWrittenForm_ReturnsAddress(string raw, string expected)
    {
        // Act
        ContactFieldResult result = _normalizer.NormalizeEmail(raw);

        // Assert
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Equal(raw, result.Raw);
        Assert.Equal(ContactField.Email, result.Field);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("john", "'@'")]
    [InlineData("john smith", "'@'")]
    [InlineData("johngmail.com", "'@'")]
    [InlineData("john at gmail", "ending like .com")]
    [InlineData("john at gmail dot c", "not a real ending")]
    [InlineData("john at gmail dot c0m", "not a real ending")]
    [InlineData("john at at gmail dot com", "more than one '@'")]
    [InlineData("at gmail dot com", "nothing before the '@'")]
    [InlineData("john at", "no domain")]
    [InlineData("dot john at gmail dot com", "dot at the start")]
    [InlineData("john dot dot smith at gmail dot com", "two dots")]
    [InlineData("john at gmail dot dot com", "does not have a domain")]
    [InlineData("john at dash gmail dot com", "does not have a domain")]
    [InlineData("jo(hn at gmail dot com", "not allowed")]
    [InlineData("john at gm_ail dot com", "not allowed")]
    [InlineData("jöhn@example.com", "not allowed")]
    // ambiguous spoken forms are refused rather than guessed
    [InlineData("b as in victor at gmail dot com", "does not start with 'b'")]
    [InlineData("james oh seven at example dot com", "letter O or the digit zero")]
    [InlineData("james double o seven at example dot com", "letter O or the digit zero")]
    [InlineData("double u a n g at example dot com", "letter W or 2 U's")]
    [InlineData("sara with an h at example dot com", "has no 'h'")]
    [InlineData("ada at gmail dot con", "not a known ending")]
    public void NormalizeEmail_Invalid_ReturnsErrorSayingWhy(string? raw, string reasonFragment)
    {
        ContactFieldResult result = _normalizer.NormalizeEmail(raw);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Contains(reasonFragment, result.Error, System.StringComparison.Ordinal);
        Assert.StartsWith("email: ", result.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeEmail_LocalPartTooLong_IsInvalid()
    {
        ContactFieldResult result = _normalizer.NormalizeEmail(new string('a', 65) + "@example.com");

        Assert.False(result.IsValid);
        Assert.Contains("64", result.Error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeEmail_LongestAllowedLocalPart_IsValid()
    {
        ContactFieldResult result = _normalizer.NormalizeEmail(new string('a', 64) + "@example.com");

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void ToString_InvalidEmail_DoesNotRevealValue()
    {
        ContactFieldResult result = _normalizer.NormalizeEmail("secret at example");

        Assert.Equal("email: invalid", result.ToString());
        Assert.Contains("secret@example", result.Error, System.StringComparison.Ordinal);
    }
}
