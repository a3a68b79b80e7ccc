using System;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public class ContactNormalizerNameTests
{
    private readonly ContactNormalizer _normalizer = new();

    [Theory]
    // trim and collapse spaces
    [InlineData("  Ada   Lovelace  ", "Ada Lovelace")]
    [InlineData("Ada\tLovelace", "Ada Lovelace")]
    [InlineData("ada lovelace", "Ada Lovelace")]
    [InlineData("ADA LOVELACE", "Ada Lovelace")]
    [InlineData("ada lovelace.", "Ada Lovelace.")]
    [InlineData("ada lovelace,", "Ada Lovelace")]
    [InlineData("madonna", "Madonna")]
    [InlineData("j", "J")]
    // Mc, O', hyphens
    [InlineData("john mcdonald", "John McDonald")]
    [InlineData("JOHN MCDONALD", "John McDonald")]
    [InlineData("John McDonald", "John McDonald")]
    [InlineData("john McDonald", "John McDonald")]
    [InlineData("sean o'brien", "Sean O'Brien")]
    [InlineData("SEAN O'BRIEN", "Sean O'Brien")]
    [InlineData("Sean O'Brien", "Sean O'Brien")]
    [InlineData("sean o\u2019brien", "Sean O'Brien")]
    [InlineData("mary smith-jones", "Mary Smith-Jones")]
    [InlineData("mary smith-mcdonald", "Mary Smith-McDonald")]
    [InlineData("d'angelo russell", "D'Angelo Russell")]
    [InlineData("j. r. r. tolkien", "J. R. R. Tolkien")]
    // particles
    [InlineData("pieter van der berg", "Pieter van der Berg")]
    [InlineData("PIETER VAN DER BERG", "Pieter van der Berg")]
    [InlineData("van der Berg", "van der Berg")]
    [InlineData("Pieter van der Berg", "Pieter van der Berg")]
    [InlineData("ludwig van beethoven", "Ludwig van Beethoven")]
    [InlineData("ana de la cruz", "Ana de la Cruz")]
    [InlineData("van morrison", "Van Morrison")]
    // mixed case kept, single-case words fixed
    [InlineData("DeShawn Jones", "DeShawn Jones")]
    [InlineData("LeBron james", "LeBron James")]
    [InlineData("JOHN Smith", "John Smith")]
    [InlineData("Émile zola", "Émile Zola")]
    [InlineData("émile zola", "Émile Zola")]
    [InlineData("björk guðmundsdóttir", "Björk Guðmundsdóttir")]
    // spellings: confirming, correcting or adding a word; NATO words and "S as in Sierra"; initials stay initials
    [InlineData("Jon, J O N, Smith", "Jon Smith")]
    [InlineData("jon smith, s m i t h", "Jon Smith")]
    [InlineData("Jon Smith, S as in Sierra M Y T H", "Jon Smyth")]
    [InlineData("Shawn, spelled S E A N, Murphy", "Sean Murphy")]
    [InlineData("Jon, that's J-O-N, Smith", "Jon Smith")]
    [InlineData("Sarah with an H Connor", "Sarah Connor")]
    [InlineData("my name is ada lovelace", "Ada Lovelace")]
    [InlineData("I'm Ada Lovelace", "Ada Lovelace")]
    [InlineData("I'M I'M Ada", "Ada")]
    [InlineData("Ada L-O-V-E-L-A-C-E", "Ada Lovelace")]
    [InlineData("ada l o v e l a c e", "Ada Lovelace")]
    [InlineData("Anna, A B B O T T", "Anna Abbott")]
    [InlineData("alpha delta alpha lovelace", "Ada Lovelace")]
    [InlineData("Zoe, Z for Zulu O E, Smith", "Zoe Smith")]
    [InlineData("J R R Tolkien", "J R R Tolkien")]
    [InlineData("Victor Hugo", "Victor Hugo")]
    [InlineData("Mike Oscar", "Mike Oscar")]
    // spoken punctuation
    [InlineData("Mary hyphen Jane Watson", "Mary-Jane Watson")]
    [InlineData("sean o apostrophe brien", "Sean O'Brien")]
    public void NormalizeName_Variants_ReturnsCapitalizedName(string raw, string expected)
    {
        // Act
        ContactFieldResult result = _normalizer.NormalizeName(raw);

        // Assert
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Equal(raw, result.Raw);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("john@example.com", "email")]
    [InlineData("R2D2", "digits")]
    [InlineData("john smith 3", "digits")]
    [InlineData("john_smith", "'_'")]
    [InlineData("- . '", "no letters")]
    [InlineData("Lovelace, Ada", "','")]
    [InlineData("Jon, B as in Victor", "does not start with 'b'")]
    [InlineData("Catherine with a K", "has no 'K'")]
    public void NormalizeName_Invalid_ReturnsErrorSayingWhy(string? raw, string reasonFragment)
    {
        ContactFieldResult result = _normalizer.NormalizeName(raw);

        Assert.False(result.IsValid);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("name: ", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeName_TooLong_IsInvalid()
    {
        ContactFieldResult result = _normalizer.NormalizeName(new string('a', 101));

        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData(ContactField.Name, "ada lovelace", "Ada Lovelace")]
    [InlineData(ContactField.Email, "ada at example dot com", "ada@example.com")]
    [InlineData(ContactField.Phone, "415 555 0123", "+14155550123")]
    public void Normalize_ByField_DispatchesToFieldRule(ContactField field, string raw, string expected)
    {
        ContactFieldResult result = _normalizer.Normalize(field, raw);

        Assert.Equal(field, result.Field);
        Assert.Equal(expected, result.Value);
    }
}
