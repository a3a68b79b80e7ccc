using Xunit;

namespace VoiceContacts.IntegrationTests;

public class PlaceholderTests
{
    [Fact]
    public void Assembly_Loads() => Assert.NotNull(typeof(PlaceholderTests).Assembly);
}
