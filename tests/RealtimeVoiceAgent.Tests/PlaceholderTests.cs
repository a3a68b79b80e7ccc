using Xunit;

namespace RealtimeVoiceAgent.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Assembly_Loads() => Assert.NotNull(typeof(PlaceholderTests).Assembly);
}
