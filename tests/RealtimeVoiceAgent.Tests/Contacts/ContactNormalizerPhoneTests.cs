using System;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public class ContactNormalizerPhoneTests
{
    private readonly ContactNormalizer _normalizer = new();

    [Theory]
    // digit words and "oh" for zero
    [InlineData("five five five oh one two three four five six", "+15550123456")]
    [InlineData("five five five zero one two three four five six", "+15550123456")]
    [InlineData("Five Five Five Oh One Two Three Four Five Six", "+15550123456")]
    [InlineData("five five five o one two three four five six", "+15550123456")]
    [InlineData("two oh two five five five oh one nine nine", "+12025550199")]
    // double, triple, tens and teens, hundred
    [InlineData("double five five oh one two three four five six", "+15550123456")]
    [InlineData("triple five oh one two three four five six", "+15550123456")]
    [InlineData("two oh two triple five oh one double nine", "+12025550199")]
    [InlineData("double 5 5 0123456", "+15550123456")]
    [InlineData("five fifty five oh one twenty three forty five six", "+15550123456")]
    [InlineData("five five five oh one two thirty four fifty six", "+15550123456")]
    [InlineData("one eight hundred five five five oh one nine nine", "+18005550199")]
    // plus and country codes
    [InlineData("plus one five five five oh one two three four five six", "+15550123456")]
    [InlineData("+1 555 012 3456", "+15550123456")]
    [InlineData("plus four four two oh seven nine four six oh oh one eight", "+442079460018")]
    [InlineData("+44 20 7946 0018", "+442079460018")]
    [InlineData("one five five five oh one two three four five six", "+15550123456")]
    // separators and written forms
    [InlineData("555-012-3456", "+15550123456")]
    [InlineData("(555) 012-3456", "+15550123456")]
    [InlineData("555.012.3456", "+15550123456")]
    [InlineData("555 012 3456", "+15550123456")]
    [InlineData("5550123456", "+15550123456")]
    [InlineData("+15550123456", "+15550123456")]
    [InlineData("five five five dash oh one two dash three four five six", "+15550123456")]
    [InlineData("five five five, oh one two, three four five six.", "+15550123456")]
    public void NormalizePhone_SpokenOrWrittenForm_ReturnsE164(string raw, string expected)
    {
        // Act
        ContactFieldResult result = _normalizer.NormalizePhone(raw);

        // Assert
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Null(result.Extension);
        Assert.Equal(raw, result.Raw);
    }

    [Theory]
    [InlineData("five five five oh one two three four five six extension one two", "+15550123456", "12")]
    [InlineData("555-012-3456 ext. 12", "+15550123456", "12")]
    [InlineData("555-012-3456 ext 7", "+15550123456", "7")]
    [InlineData("555-012-3456x12", "+15550123456", "12")]
    [InlineData("555 012 3456 extension double oh seven", "+15550123456", "007")]
    public void NormalizePhone_WithExtension_ReturnsE164AndExtension(string raw, string expected, string extension)
    {
        ContactFieldResult result = _normalizer.NormalizePhone(raw);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Equal(extension, result.Extension);
    }

    [Theory]
    [InlineData("GB", "020 7946 0018", "+442079460018")]
    [InlineData("GB", "oh two oh seven nine four six oh oh one eight", "+442079460018")]
    [InlineData("DE", "030 123456", "+4930123456")]
    [InlineData("gb", "+1 555 012 3456", "+15550123456")]
    public void NormalizePhone_ConfiguredRegion_ReadsNationalNumbersInThatRegion(string region, string raw, string expected)
    {
        ContactFieldResult result = new ContactNormalizer(region).NormalizePhone(raw);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("five five five", "too few digits")]
    [InlineData("12", "too few digits")]
    [InlineData("five five five oh one two three four five six seven eight nine", "too many digits")]
    [InlineData("five five five banana one two three four five six", "'banana'")]
    [InlineData("call me maybe", "'call'")]
    [InlineData("five five plus five oh one two three four five six", "'plus'")]
    [InlineData("plus nine nine nine one two three four five six seven", "country code")]
    [InlineData("double", "without a digit")]
    [InlineData("555 012 3456 extension", "extension")]
    [InlineData("extension 12", "unexpected place")]
    [InlineData("hundred", "without a number")]
    [InlineData("plus", "no digits")]
    public void NormalizePhone_Invalid_ReturnsErrorSayingWhy(string? raw, string reasonFragment)
    {
        ContactFieldResult result = _normalizer.NormalizePhone(raw);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
        Assert.StartsWith("phone: ", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    // Inputs found by the property test: their first E.164 form lost a leading zero when read again.
    [InlineData(", plus - 9-eight.hundred - oh-one, one-eight")]
    [InlineData(", + 5 seven, hundred.)-three - 960.0790, 0 extension ) - one, 1776")]
    [InlineData("-plus\t).six\t2  hundred hundred  one - 54 four-050 - 3649 twenty")]
    public void NormalizePhone_NumberWithInnerNationalPrefix_IsRejectedOrStable(string raw)
    {
        ContactFieldResult first = _normalizer.NormalizePhone(raw.Replace("\\t", "\t", StringComparison.Ordinal));
        if (first.IsValid)
        {
            Assert.Equal(first.Value, _normalizer.NormalizePhone(first.Value).Value);
        }
        else
        {
            Assert.Null(first.Value);
        }
    }

    [Fact]
    public void Ctor_UnknownRegion_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ContactNormalizer("XX"));
    }

    [Fact]
    public void Ctor_Default_UsesUsRegion()
    {
        Assert.Equal("US", new ContactNormalizer().DefaultRegion);
    }
}
