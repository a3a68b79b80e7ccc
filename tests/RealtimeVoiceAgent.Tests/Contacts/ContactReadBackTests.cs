using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

/// <summary>What the assistant says to read a value back, and how a phone number is shown.</summary>
public class ContactReadBackTests
{
    private readonly ContactNormalizer _normalizer = new();

    [Theory]
    [InlineData("ada dot lovelace at gmail dot com", "A D A dot L O V E L A C E at gmail dot com")]
    [InlineData("john_smith84@hotmail.co.uk", "J O H N underscore S M I T H eight four at hotmail dot co dot U K")]
    [InlineData("mary-jane+news@acme.io", "M A R Y dash J A N E plus N E W S at A C M E dot I O")]
    [InlineData("ada@example.com", "A D A at example dot com")]
    public void ReadBack_Email_SpellsTheNamePartAndUnusualDomainParts(string raw, string expected)
    {
        ContactFieldResult result = _normalizer.NormalizeEmail(raw);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.ReadBack);
        Assert.Equal(result.Value, result.DisplayValue);
    }

    [Theory]
    [InlineData("US", "415 555 2671", "four one five, five five five, two six seven one", "+1 415-555-2671")]
    [InlineData("US", "415 555 2671 extension 12", "four one five, five five five, two six seven one, extension one two", "+1 415-555-2671 ext. 12")]
    [InlineData("US", "+44 20 7946 0018", "plus four four, two zero, seven nine four six, zero zero one eight", "+44 20 7946 0018")]
    [InlineData("GB", "020 7946 0018", "zero two zero, seven nine four six, zero zero one eight", "+44 20 7946 0018")]
    [InlineData("FR", "06 12 34 56 78", "zero six, one two, three four, five six, seven eight", "+33 6 12 34 56 78")]
    public void ReadBack_Phone_SaysDigitGroupsAndShowsInternationalFormat(string region, string raw, string readBack, string display)
    {
        ContactFieldResult result = new ContactNormalizer(region).NormalizePhone(raw);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(readBack, result.ReadBack);
        Assert.Equal(display, result.DisplayValue);
    }

    [Fact]
    public void ReadBack_Name_IsTheName()
    {
        ContactFieldResult result = _normalizer.NormalizeName("jon, j o n, smith");

        Assert.Equal("Jon Smith", result.ReadBack);
        Assert.Equal("Jon Smith", result.DisplayValue);
    }

    [Fact]
    public void ReadBack_InvalidField_IsNull()
    {
        ContactFieldResult result = _normalizer.NormalizePhone("555 012 3456");

        Assert.Null(result.ReadBack);
        Assert.Null(result.DisplayValue);
    }

    [Theory]
    [InlineData("+14155552671", null, "+1 415-555-2671")]
    [InlineData("+14155552671", "7", "+1 415-555-2671 ext. 7")]
    [InlineData("+442079460018", null, "+44 20 7946 0018")]
    [InlineData("not a number", null, "not a number")]
    public void FormatPhoneForDisplay_StoredNumber_ReturnsInternationalFormat(string e164, string? extension, string expected)
    {
        Assert.Equal(expected, ContactNormalizer.FormatPhoneForDisplay(e164, extension));
    }

    [Fact]
    public void ReadBack_StoredContact_SaysAllThreeFields()
    {
        var contact = new Contact
        {
            Id = "1", Name = "Ada Lovelace", Email = "ada@example.com", Phone = "+14155552671", RawName = "", RawEmail = "", RawPhone = "",
            CallId = "c", CreatedAt = default, UpdatedAt = default,
        };

        Assert.Equal("Ada Lovelace; email A D A at example dot com; phone four one five, five five five, two six seven one", _normalizer.ReadBack(contact));
    }
}
