using System;
using System.IO;

namespace VoiceContacts.PackageTests.Infrastructure;

/// <summary>Paths in the repository these tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder with VoiceContacts.sln, found above the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string OrderStatusSample => Path.Combine(Root, "samples", "OrderStatus.Host");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceContacts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"VoiceContacts.sln was not found above {AppContext.BaseDirectory}.");
    }
}
