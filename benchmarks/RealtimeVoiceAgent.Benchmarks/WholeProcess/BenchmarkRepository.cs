using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// What the process benchmarks (<c>whole-process</c>, <c>soak</c>) need from the repository and the machine: the
/// repository's root, the sample host's Release build (built when missing) and the load average to print next to figures.
/// </summary>
internal static class BenchmarkRepository
{
    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceContacts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VoiceContacts.sln above {AppContext.BaseDirectory}: run the benchmark from the repository's build output.");
    }

    /// <summary>The sample host's Release build (<paramref name="hostDll"/> when given), built first when it is missing.</summary>
    public static string HostDll(string root, string? hostDll)
    {
        var path = hostDll ?? Path.Combine(root, "samples", "VoiceContacts.Host", "bin", "Release", "net10.0", "VoiceContacts.Host.dll");
        if (!File.Exists(path))
        {
            BuildHost(root);
        }

        return path;
    }

    /// <summary>The 1, 5 and 15 minute load averages of <c>/proc/loadavg</c>.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void BuildHost(string root)
    {
        Console.WriteLine("The sample host is not built in Release: building it.");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var argument in new[] { "build", "samples/VoiceContacts.Host/VoiceContacts.Host.csproj", "-c", "Release", "-nologo", "-v", "q", "-p:SkipFrontendBuild=true" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet build.");
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("Building the sample host failed.");
        }
    }
}
