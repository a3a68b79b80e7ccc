using System;
using System.IO;
using System.Linq;
using VoiceContacts.PackageTests.Infrastructure;
using Xunit;

namespace VoiceContacts.PackageTests;

/// <summary>The README's "Your own agent" snippet stays the compiled sample's code (STYLE 32), in at most 40 lines.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void ReadmeOwnAgentSnippet_ComparedWithTheSample_IsItsCodeInAtMost40Lines()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = Array.IndexOf(readme, "## Your own agent");
        Assert.True(section >= 0, "README.md has no '## Your own agent' section.");
        var start = Array.IndexOf(readme, "```csharp", section) + 1;
        var end = Array.IndexOf(readme, "```", start);
        Assert.True(start > 0 && end > start, "The 'Your own agent' section has no ```csharp block.");
        var snippet = readme[start..end];

        Assert.InRange(snippet.Length, 1, 40);
        var sampleLines = Directory.GetFiles(RepositoryPaths.OrderStatusSample, "*.cs")
            .SelectMany(File.ReadLines)
            .Select(line => line.Trim())
            .ToHashSet(StringComparer.Ordinal);
        foreach (var line in snippet.Select(line => line.Trim()).Where(line => line.Length > 0))
        {
            Assert.True(sampleLines.Contains(line), $"README line not found in samples/OrderStatus.Host/*.cs (update both together): {line}");
        }
    }
}
