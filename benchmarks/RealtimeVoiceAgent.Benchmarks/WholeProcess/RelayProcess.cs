using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeVoiceAgent.Benchmarks.WholeProcess;

/// <summary>
/// A relay under test, run as its own process the way its users run it: the sample host (<c>dotnet VoiceContacts.Host.dll</c>,
/// Release) or the seed-style Node relay (<c>node relay.js</c>). Both point at the driver's fake model, accept browser
/// calls on <see cref="CallsUri"/>, and answer <c>stats</c> on stdin with a <c>STATS key=value …</c> line (the host
/// through <see cref="StartupHook"/>). Its stdout is read all the time so its log never blocks it.
/// </summary>
internal sealed class RelayProcess : IDisposable
{
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly BlockingCollection<string> _stats = new();
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, Uri?> _parseListening;
    private readonly string? _tempFile;

    private RelayProcess(ProcessStartInfo start, Func<string, Uri?> parseListening, string? tempFile)
    {
        _parseListening = parseListening;
        _tempFile = tempFile;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>The calls' URL: <c>ws://127.0.0.1:PORT/ws</c> for browser calls, <c>…/twilio/media</c> for phone calls.</summary>
    public Uri CallsUri { get; private set; } = null!;

    /// <summary>Starts the sample host from its built Release output, configured for load against <paramref name="model"/>.</summary>
    /// <remarks>With <paramref name="phone"/>, the host also takes Twilio Media Streams (<see cref="PhoneCaller"/>) and
    /// <see cref="CallsUri"/> is its <c>/twilio/media</c> route.</remarks>
    /// <remarks>With <paramref name="live"/>, the host's provider is GPT-Live (<c>OpenAILive</c>) and <paramref name="model"/> its Live endpoint.</remarks>
    public static RelayProcess StartHost(string hostDll, Uri model, IReadOnlyDictionary<string, string> extraEnvironment, bool phone = false, bool live = false)
    {
        var database = Path.Combine(Path.GetTempPath(), $"whole-process-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(hostDll)! };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        var env = start.Environment;
        env["RealtimeVoiceAgent__Endpoint"] = model.ToString();
        env["RealtimeVoiceAgent__ApiKey"] = "benchmark";
        if (live)
        {
            env["RealtimeVoiceAgent__Provider"] = "OpenAILive";
        }
        // The load's own limits: more concurrent calls than the sample's 100, and no per-IP rate limit (every caller is 127.0.0.1).
        env["VoiceContacts__MaxConcurrentCalls"] = "100000";
        env["VoiceContacts__ConnectionsPerIpPerWindow"] = "0";
        env["ConnectionStrings__Contacts"] = "Data Source=" + database;
        env["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        if (phone)
        {
            // The host maps the phone routes only with both set; http is accepted for a loopback host (docs/telephony.md).
            env["VoiceContacts__Twilio__AuthToken"] = PhoneCaller.AuthToken;
            env["VoiceContacts__Twilio__PublicBaseUrl"] = PhoneCaller.PublicBaseUrl;
        }

        foreach (var (name, value) in extraEnvironment)
        {
            env[name] = value;
        }

        var path = phone ? "/twilio/media" : "/ws";
        return new RelayProcess(start, line => ParseAspNetCoreListening(line, path), database);
    }

    /// <summary>Starts the Node relay of <c>benchmarks/node-relay</c> (after <c>npm ci</c> when its packages are missing).</summary>
    public static RelayProcess StartNode(string relayDirectory, Uri model)
    {
        if (!Directory.Exists(Path.Combine(relayDirectory, "node_modules", "ws")))
        {
            RunToEnd("npm", relayDirectory, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = relayDirectory };
        start.ArgumentList.Add("relay.js");
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add(model.ToString());
        return new RelayProcess(start, line => line.StartsWith("LISTENING ", StringComparison.Ordinal) ? new Uri(line["LISTENING ".Length..].Trim()) : null, null);
    }

    public async Task WaitUntilListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(s_answerTimeout));
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"The relay (pid {Pid}) {(first == exited ? "exited" : "did not listen within 60 s")}. Its last output:{Environment.NewLine}{Tail()}");
        }

        CallsUri = await _listening.Task;
    }

    /// <summary>Asks for the process's runtime statistics (GC counts); key=value pairs of its STATS line.</summary>
    public Dictionary<string, string> QueryStats(string command = "stats")
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        if (!_stats.TryTake(out var line, s_answerTimeout))
        {
            throw new TimeoutException($"The relay (pid {Pid}) did not answer 'stats' within 60 s. Its last output:{Environment.NewLine}{Tail()}");
        }

        return ParseKeyValues(line["STATS ".Length..]);
    }

    public ProcSample Sample() => ProcSample.Read(Pid);

    /// <summary>The last lines the process printed (its log), for error messages.</summary>
    public string Tail() => string.Join(Environment.NewLine, _tail);

    public void Dispose()
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
            // Already gone.
        }

        _process.Dispose();
        _stats.Dispose();
        if (_tempFile is not null)
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_tempFile)!, Path.GetFileName(_tempFile) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    public static Dictionary<string, string> ParseKeyValues(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("STATS ", StringComparison.Ordinal))
        {
            _stats.Add(line);
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > 40)
        {
            _tail.TryDequeue(out _);
        }

        if (!_listening.Task.IsCompleted && _parseListening(line) is { } uri)
        {
            _listening.TrySetResult(uri);
        }
    }

    // ASP.NET Core logs "Now listening on: http://127.0.0.1:PORT" (Microsoft.Hosting.Lifetime, Information).
    private static Uri? ParseAspNetCoreListening(string line, string path)
    {
        const string Marker = "Now listening on: ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : new Uri(line[(at + Marker.Length)..].Trim().Replace("http://", "ws://", StringComparison.Ordinal) + path);
    }

    private static void RunToEnd(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode} in {directory}."));
        }
    }
}
