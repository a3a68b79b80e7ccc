using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

/// <summary>The X-Twilio-Signature check against signatures computed here, independently, as Twilio documents them.</summary>
public sealed class TwilioSignatureTests
{
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static readonly KeyValuePair<string, string>[] s_parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    // Twilio's documentation: base64(HMAC-SHA1(auth token, URL + each POST name and value, sorted by name)).
    internal static string TwilioDocumentedSignature(string token, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = url + string.Concat(parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(token));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data)));
    }

    [Fact]
    public void IsValid_TwilioDocumentationExample_Accepted()
    {
        // The worked example of Twilio's webhook security page: its published signature for these exact inputs.
        Assert.True(new TwilioSignature(Token).IsValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", Url, s_parameters));
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioDocumentedSignature(Token, Url, s_parameters));
    }

    [Fact]
    public void IsValid_ParametersInAnyOrder_SortedByNameBeforeSigning()
    {
        var shuffled = s_parameters.Reverse().ToArray();

        Assert.True(new TwilioSignature(Token).IsValid(TwilioDocumentedSignature(Token, Url, s_parameters), Url, shuffled));
    }

    [Fact]
    public void IsValid_WrongToken_Refused()
    {
        var signature = TwilioDocumentedSignature("another-token", Url, s_parameters);

        Assert.False(new TwilioSignature(Token).IsValid(signature, Url, s_parameters));
    }

    [Fact]
    public void IsValid_WrongUrl_Refused()
    {
        var signature = TwilioDocumentedSignature(Token, "https://mycompany.com/myapp.php?foo=1&bar=3", s_parameters);

        Assert.False(new TwilioSignature(Token).IsValid(signature, Url, s_parameters));
    }

    [Fact]
    public void IsValid_ChangedParameter_Refused()
    {
        var signature = TwilioDocumentedSignature(Token, Url, s_parameters);
        var changed = s_parameters.Select(p => p.Key == "From" ? new KeyValuePair<string, string>("From", "+14155550000") : p).ToArray();

        Assert.False(new TwilioSignature(Token).IsValid(signature, Url, changed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void IsValid_MissingOrMalformedHeader_Refused(string? header)
    {
        Assert.False(new TwilioSignature(Token).IsValid(header, Url, s_parameters));
    }

    [Theory]
    [InlineData("wss://contacts.example.com:443/twilio/media", "wss://contacts.example.com/twilio/media")]
    [InlineData("wss://contacts.example.com/twilio/media", "wss://contacts.example.com:443/twilio/media")]
    [InlineData("https://contacts.example.com:443/twilio/voice?x=1", "https://contacts.example.com/twilio/voice?x=1")]
    public void IsValid_UrlSignedWithOrWithoutDefaultPort_Accepted(string signedUrl, string checkedUrl)
    {
        var signature = TwilioDocumentedSignature(Token, signedUrl, []);

        Assert.True(new TwilioSignature(Token).IsValid(signature, checkedUrl, []));
    }

    [Fact]
    public void IsValid_UrlWithAnotherPort_NotToggled()
    {
        var signature = TwilioDocumentedSignature(Token, "https://contacts.example.com:8443/twilio/voice", []);

        Assert.False(new TwilioSignature(Token).IsValid(signature, "https://contacts.example.com/twilio/voice", []));
        Assert.Null(TwilioSignature.TogglePort("https://contacts.example.com:8443/twilio/voice"));
    }
}
