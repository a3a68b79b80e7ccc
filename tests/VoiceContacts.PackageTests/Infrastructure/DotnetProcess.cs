using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace VoiceContacts.PackageTests.Infrastructure;

/// <summary>
/// A <c>dotnet</c> child process (pack, build, or a built app) whose output is kept for failure messages. Every wait is
/// bounded; a failure names the step and ends with the process's output. Disposing kills it with its children.
/// </summary>
public sealed class DotnetProcess : IDisposable
{
    private const int MaxOutputInMessage = 20_000;
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DotnetProcess(string description, Process process)
    {
        Description = description;
        _process = process;
    }

    /// <summary>What the process is for, as failure messages name it.</summary>
    public string Description { get; }

    /// <summary>Everything it printed so far (stdout and stderr, interleaved as received).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/>; <paramref name="environment"/> adds variables (a null value removes one).</summary>
    public static DotnetProcess Start(string description, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // The same dotnet that runs the tests (the CLI sets DOTNET_HOST_PATH for its children), else the one on the PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A test host started by "dotnet test" inherits MSBuild's own variables (MSBuildSDKsPath, MSBUILD_EXE_PATH, ...);
        // a nested build must find its SDK by itself, as a user's shell does.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new DotnetProcess(description, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>dotnet</c> to the end; fails (with the output) on a non-zero exit code or after <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(string description, string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(description, workingDirectory, arguments);
        var exitCode = await process.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            throw process.Failure($"exited with code {exitCode}");
        }

        return process.Output;
    }

    /// <summary>Waits for the process to exit and returns its exit code; kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
            throw Failure($"did not finish within {timeout.TotalSeconds:0} s and was killed");
        }

        // Drain what is still in the pipes, but do not wait for build servers the process left running (they may hold them open).
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails if the process exits first or after <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var earlier = pattern.Match(_output.ToString());
            if (earlier.Success)
            {
                return earlier;
            }

            _waiters.Add((pattern, found));
        }

        var first = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout));
        if (first == found.Task)
        {
            return await found.Task;
        }

        throw first == _exited.Task
            ? Failure($"exited (code {_process.ExitCode}) before printing /{pattern}/")
            : Failure($"did not print /{pattern}/ within {timeout.TotalSeconds:0} s");
    }

    /// <summary>An assertion failure about this process: the step, then its output (the end of it, when long).</summary>
    public XunitException Failure(string what, Exception? inner = null)
    {
        var output = Output;
        if (output.Length > MaxOutputInMessage)
        {
            output = "[...]" + output[^MaxOutputInMessage..];
        }

        return new XunitException($"{Description} {what}.{Environment.NewLine}--- output of {Description} ---{Environment.NewLine}{output}", inner);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
