using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace RealtimeVoiceAgent.Tests.PublicApi;

// The public surface of every shipped package, compared with a golden listing under Golden/PublicApi/.
// A change to the public API must be deliberate: review the diff, then regenerate the listing with
// VOICECONTACTS_UPDATE_GOLDEN=1 dotnet test --filter FullyQualifiedName~PublicApiTests
public class PublicApiTests
{
    public static TheoryData<string> Packages() => new(
        "RealtimeVoiceAgent",
        "RealtimeVoiceAgent.AspNetCore",
        "RealtimeVoiceAgent.Sqlite",
        "RealtimeVoiceAgent.MongoDB",
        "RealtimeVoiceAgent.Testing");

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_OfPackage_MatchesGoldenListing(string assemblyName)
    {
        // Arrange
        var assembly = Assembly.Load(assemblyName);
        var golden = Path.Combine(AppContext.BaseDirectory, "Golden", "PublicApi", assemblyName + ".txt");

        // Act
        var actual = PublicApiListing.Describe(assembly);

        // Assert
        if (Environment.GetEnvironmentVariable("VOICECONTACTS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(SourceGoldenPath(assemblyName), actual);
            return;
        }

        Assert.True(File.Exists(golden), $"No golden listing at {golden}: run with VOICECONTACTS_UPDATE_GOLDEN=1 once and review it.");
        var expected = File.ReadAllText(golden);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
            var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
            var added = actualLines.Except(expectedLines).Select(l => "+ " + l);
            var removed = expectedLines.Except(actualLines).Select(l => "- " + l);
            Assert.Fail($"The public API of {assemblyName} changed (review, then regenerate with VOICECONTACTS_UPDATE_GOLDEN=1):\n"
                + string.Join('\n', removed.Concat(added)));
        }
    }

    // The listing in the source tree (the build copies it next to the test assembly, which is where it is read from).
    private static string SourceGoldenPath(string assemblyName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RealtimeVoiceAgent.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "Golden", "PublicApi", assemblyName + ".txt");
            }
        }

        throw new InvalidOperationException("The test project folder was not found above " + AppContext.BaseDirectory);
    }
}
