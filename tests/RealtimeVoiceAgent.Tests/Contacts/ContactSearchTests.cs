using System;
using RealtimeVoiceAgent.Contacts;
using Xunit;

namespace RealtimeVoiceAgent.Tests.Contacts;

public sealed class ContactSearchTests
{
    private static readonly Contact s_contact = new()
    {
        Id = "c1",
        Name = "María José de la Cruz",
        Email = "mj.cruz@example.com",
        Phone = "+442071838750",
        PhoneExtension = "12",
        RawName = "maria jose de la cruz",
        RawEmail = "m j dot cruz at example dot com",
        RawPhone = "020 7183 8750 extension 12",
        CallId = "call-1",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void GetTerms_Contact_NameFromEachWordEmailAndBothPhoneForms()
    {
        Assert.Equal(
            ["maria jose de la cruz", "jose de la cruz", "de la cruz", "la cruz", "cruz", "mj.cruz@example.com", "442071838750", "2071838750"],
            ContactSearch.GetTerms(s_contact));
    }

    [Theory]
    [InlineData("  MARÍA   José ", new[] { "maria jose" })]
    [InlineData("+44 (20) 7183-8750", new[] { "+44 (20) 7183-8750", "442071838750" })]
    [InlineData("2071", new[] { "2071" })]
    [InlineData("ada\u001fx", new[] { "ada x" })]
    [InlineData("   ", new string[0])]
    [InlineData(null, new string[0])]
    public void GetQueryPrefixes_Query_FoldsAndAddsDigitsForPhoneLikeQueries(string? query, string[] expected)
    {
        Assert.Equal(expected, ContactSearch.GetQueryPrefixes(query));
    }

    [Theory]
    [InlineData("cruz", true)]
    [InlineData("DE LA", true)]
    [InlineData("maria jose de", true)]
    [InlineData("ruz", false)]
    [InlineData("MJ.C", true)]
    [InlineData("020 7183", false)]
    [InlineData("20 7183", true)]
    [InlineData("+44 20", true)]
    [InlineData("example.com", false)]
    [InlineData("", true)]
    public void Matches_Query_PrefixOfATerm(string query, bool expected)
    {
        Assert.Equal(expected, ContactSearch.Matches(s_contact, query));
    }

    [Fact]
    public void GetQueryPrefixes_TooLong_ThrowsWithTheLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() => ContactSearch.GetQueryPrefixes(new string('a', 201)));

        Assert.Contains("200", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageCursor_RoundTrip_ParsesWhatItWrites()
    {
        var cursor = new PageCursor(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123), "0190:id with:colon");

        Assert.True(PageCursor.TryParse(cursor.ToString(), out PageCursor parsed));
        Assert.Equal(cursor, parsed);
        Assert.DoesNotContain('+', cursor.ToString());
        Assert.DoesNotContain('/', cursor.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MTIz")] // "123": no id
    [InlineData("OmlkLTE")] // ":id-1": no time
    [InlineData("LTE6aWQ")] // "-1:id"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk6aWQ")] // a time past DateTimeOffset.MaxValue
    public void PageCursor_TryParse_Garbage_ReturnsFalse(string text)
    {
        Assert.False(PageCursor.TryParse(text, out _));
    }

    [Fact]
    public void ContactChange_Compare_SameValues_NoEntries()
    {
        Assert.Empty(ContactChange.Compare(s_contact, s_contact with { UpdatedAt = DateTimeOffset.UnixEpoch.AddDays(1) }, "call-2"));
    }
}
