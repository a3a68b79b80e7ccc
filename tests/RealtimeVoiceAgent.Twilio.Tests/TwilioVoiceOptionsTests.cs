using System;
using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

public sealed class TwilioVoiceOptionsTests
{
    private static TwilioVoiceOptions Valid() => new() { AuthToken = "secret-token-value", PublicBaseUrl = new Uri("https://contacts.example.com") };

    [Fact]
    public void Validate_TokenAndHttpsUrl_Succeeds()
    {
        Assert.True(new TwilioVoiceOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("https://contacts.example.com/phone")]
    public void Validate_LoopbackHttpOrPathPrefix_Succeeds(string url)
    {
        var options = Valid();
        options.PublicBaseUrl = new Uri(url);

        Assert.True(new TwilioVoiceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(null, "https://contacts.example.com", "AuthToken is required")]
    [InlineData("  ", "https://contacts.example.com", "AuthToken is required")]
    [InlineData("secret-token-value", null, "PublicBaseUrl is required")]
    [InlineData("secret-token-value", "http://contacts.example.com", "must use https")]
    [InlineData("secret-token-value", "ftp://contacts.example.com", "must use https")]
    [InlineData("secret-token-value", "https://contacts.example.com/?a=1", "must not have a query")]
    public void Validate_MissingOrWrong_NamesTheSettingWithoutTheToken(string? token, string? url, string message)
    {
        var options = new TwilioVoiceOptions { AuthToken = token, PublicBaseUrl = url is null ? null : new Uri(url) };

        var result = new TwilioVoiceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RangesOfTheCallLimitsAndDrainPastCloseTimeout_Fail()
    {
        var options = Valid();
        options.DtmfPause = TimeSpan.Zero;
        options.MaxCallDuration = TimeSpan.Zero;
        options.PlaybackDrainTimeout = options.CloseTimeout;

        var result = new TwilioVoiceOptionsValidator().Validate(null, options);

        Assert.Contains("DtmfPause", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MaxCallDuration", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PlaybackDrainTimeout", result.FailureMessage, StringComparison.Ordinal);
    }
}
