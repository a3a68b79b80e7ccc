using RealtimeVoiceAgent.Twilio.Internal;
using Xunit;

namespace RealtimeVoiceAgent.Twilio.Tests;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+14155552671", true)]
    [InlineData("+442071838750", true)]
    [InlineData("+6834002", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+1234567890123456", false)]
    [InlineData("14155552671", false)]
    [InlineData("+04155552671", false)]
    [InlineData("+1 415 555 2671", false)]
    [InlineData("anonymous", false)]
    [InlineData("client:alice", false)]
    [InlineData("sip:alice@example.com", false)]
    [InlineData("+266696687", false)]
    [InlineData("+7378742833", false)]
    [InlineData("+86282452253", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_TwilioFromValues_OnlyE164Numbers(string? from, bool valid)
    {
        Assert.Equal(valid, E164.IsValid(from));
    }
}
