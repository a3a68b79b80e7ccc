using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RealtimeVoiceAgent.Benchmarks.Load;

/// <summary>
/// Lowers the CPU priority of the driver process (simulated browsers and fake model) below the relay's. They stand
/// in for remote machines; on one shared box they would otherwise compete with the relay for the same two cores, and
/// the relay's latency would measure the load generator's appetite rather than the relay.
/// </summary>
internal static class DriverPriority
{
    private const int PriorityProcess = 0; // PRIO_PROCESS; on Linux "who" may be a thread id

    /// <summary>Sets every current thread of this process to <paramref name="niceness"/>; threads created later inherit it from their creator. Returns how many threads were changed (0 off Linux).</summary>
    public static int Lower(int niceness)
    {
        if (!OperatingSystem.IsLinux() || niceness <= 0)
        {
            return 0;
        }

        var changed = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), out var threadId) && SetPriority(PriorityProcess, threadId, niceness) == 0)
            {
                changed++;
            }
        }

        return changed;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code for this one int call.
    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);
}
