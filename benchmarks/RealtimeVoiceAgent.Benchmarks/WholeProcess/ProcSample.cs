using System;
using System.Globalization;
using System.IO;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// One reading of a process from Linux's /proc: CPU time (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>), resident
/// memory (<c>VmRSS</c>) and thread count (<c>Threads</c>) of <c>/proc/&lt;pid&gt;/status</c>. The same reading for
/// every process measured, .NET or Node, and for the driver itself.
/// </summary>
internal readonly record struct ProcSample(long CpuTicks, long RssKb, int Threads)
{
    /// <summary>Clock ticks per second of utime/stime (USER_HZ, <c>getconf CLK_TCK</c>): 100 on every Linux build in use.</summary>
    public const int TicksPerSecond = 100;

    public TimeSpan Cpu => TimeSpan.FromSeconds((double)CpuTicks / TicksPerSecond);

    public static ProcSample Read(int pid) =>
        Parse(File.ReadAllText($"/proc/{pid}/stat"), File.ReadAllText($"/proc/{pid}/status"));

    public static ProcSample ReadSelf() => Read(Environment.ProcessId);

    /// <summary>The open file descriptors of a process (sockets, files, pipes, epoll and event handles): the entries of <c>/proc/&lt;pid&gt;/fd</c>.</summary>
    public static int OpenHandles(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    /// <summary>Parses the text of <c>/proc/&lt;pid&gt;/stat</c> and <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static ProcSample Parse(string stat, string status) =>
        new(ParseCpuTicks(stat), ParseStatusField(status, "VmRSS:"), (int)ParseStatusField(status, "Threads:"));

    /// <summary>utime + stime (fields 14 and 15) of a <c>/proc/&lt;pid&gt;/stat</c> line.</summary>
    /// <remarks>Field 2, the command name in parentheses, may itself hold spaces and parentheses: fields are counted
    /// from the last ')', after which field 3 (the state) comes.</remarks>
    public static long ParseCpuTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("Not a /proc/<pid>/stat line: no ')' after the command name.");
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        if (fields.Length < 13)
        {
            throw new FormatException($"Not a /proc/<pid>/stat line: {fields.Length + 2} fields.");
        }

        return long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>The number of a <c>Name:   value [kB]</c> line of <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static long ParseStatusField(string status, string name)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var value = line[name.Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException($"'{name}' is not in /proc/<pid>/status.");
    }
}
