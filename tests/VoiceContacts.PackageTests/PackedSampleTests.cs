using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using RealtimeVoiceAgent.Testing;
using RealtimeVoiceAgent.Tests.Endpoint;
using VoiceContacts.PackageTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace VoiceContacts.PackageTests;

/// <summary>
/// The packages as a user gets them: src/ packed into a folder feed, samples/OrderStatus.Host's .cs files built in a
/// plain project outside the repository from PackageReferences, and the built app holding one call against the fake model.
/// </summary>
public sealed class PackedSampleTests(ITestOutputHelper log)
{
    private const string Greeting = "Northwind Books, order line. What is your order number?";
    private const string Answer = "Order 1002 has shipped and should arrive on Thursday.";
    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(30);
    private static readonly Regex s_listening = new(@"Now listening on: (?<url>http://\S+)");

    [Fact]
    [Trait("Category", "Package")]
    public async Task PackedPackages_OrderStatusSampleBuiltFromThem_HoldsOneCall()
    {
        // A version no earlier run used, so the global package cache cannot hand back a stale build of these packages.
        var version = $"0.1.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var work = Directory.CreateTempSubdirectory("rva-pkgtest-").FullName;
        var feed = Path.Combine(work, "feed");
        var app = Path.Combine(work, "app");
        string? globalPackages = null;
        log.WriteLine($"[package test] packs src/ as {version}, builds samples/OrderStatus.Host from the packages in {app}, runs it and holds one call");
        try
        {
            // Arrange: pack every package in src/ (one build of the src projects, into the temp folder, not the repo's bin/obj).
            await TimedAsync("pack src/", () => PackAsync(work, feed, version));
            var packed = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).ToList();
            Assert.Equal(SourceProjects().Select(p => $"{Path.GetFileNameWithoutExtension(p)}.{version}.nupkg").Order(), packed.Order());

            // Arrange: a user's project outside the repository, with the sample's code and nothing of the repo's build.
            Assert.False(app.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal), $"{app} must be outside the repository");
            WriteUserProject(app, feed, version);
            await VerifyNothingInheritedAsync(app);
            globalPackages = await GlobalPackagesFolderAsync(app);
            await TimedAsync("build the user project", () => DotnetProcess.RunAsync("dotnet build (user project)", app, ["build", "-c", "Debug", "-nologo", "-nodeReuse:false"], s_buildTimeout));
            var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
            Assert.Contains($"\"RealtimeVoiceAgent.AspNetCore/{version}\"", assets, StringComparison.Ordinal);
            Assert.Contains($"\"RealtimeVoiceAgent/{version}\"", assets, StringComparison.Ordinal);
            Assert.DoesNotContain("RealtimeVoiceAgent.Testing", assets, StringComparison.Ordinal);

            // Act + assert: run it against the fake model and hold one call.
            await TimedAsync("run the sample and hold one call", () => CallTheSampleAsync(app));
        }
        finally
        {
            DeleteQuietly(work);
            if (globalPackages is not null)
            {
                // The packages restored into the global cache under this run's version are never used again.
                foreach (var project in SourceProjects())
                {
                    DeleteQuietly(Path.Combine(globalPackages, Path.GetFileNameWithoutExtension(project).ToLowerInvariant(), version));
                }
            }
        }
    }

    // src/<Package>/<Package>.csproj: every package the repository ships.
    private static string[] SourceProjects() => Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "src"))
        .SelectMany(dir => Directory.GetFiles(dir, "*.csproj"))
        .ToArray();

    private static async Task PackAsync(string work, string feed, string version)
    {
        // A solution filter of the src projects: one dotnet pack, one build of the shared core. The analyzers already ran in
        // the solution's build; skipping them here only saves time (the packages' contents do not depend on them).
        var filter = Path.Combine(work, "src.slnf");
        var projects = SourceProjects().Select(p => Path.GetRelativePath(RepositoryPaths.Root, p));
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(RepositoryPaths.Root, "VoiceContacts.sln"), projects },
        }));
        await DotnetProcess.RunAsync("dotnet pack (src/)", RepositoryPaths.Root,
            ["pack", filter, "-c", "Release", "-nologo", "-nodeReuse:false", "--artifacts-path", Path.Combine(work, "artifacts"), "-p:RunAnalyzers=false", $"-p:Version={version}", $"-p:PackageOutputPath={feed}"],
            s_packTimeout);
    }

    private static void WriteUserProject(string app, string feed, string version)
    {
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "OrderStatus.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RealtimeVoiceAgent.AspNetCore" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        // Stop MSBuild's upward search here, whatever lies above the temp folder.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");
        foreach (var source in Directory.GetFiles(RepositoryPaths.OrderStatusSample, "*.cs"))
        {
            File.Copy(source, Path.Combine(app, Path.GetFileName(source)));
        }
    }

    private static async Task VerifyNothingInheritedAsync(string app)
    {
        var json = await DotnetProcess.RunAsync("dotnet msbuild -getProperty (user project)", app,
            ["msbuild", "OrderStatus.csproj", "-nologo", "-getProperty:DirectoryBuildPropsPath", "-getProperty:DirectoryPackagesPropsPath",
                "-getProperty:ManagePackageVersionsCentrally", "-getProperty:TreatWarningsAsErrors", "-getProperty:ImplicitUsings"],
            s_buildTimeout);
        var properties = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("Properties");
        Assert.Equal(Path.Combine(app, "Directory.Build.props"), properties.GetProperty("DirectoryBuildPropsPath").GetString());
        Assert.Equal(Path.Combine(app, "Directory.Packages.props"), properties.GetProperty("DirectoryPackagesPropsPath").GetString());
        Assert.NotEqual("true", properties.GetProperty("ManagePackageVersionsCentrally").GetString());
        Assert.NotEqual("true", properties.GetProperty("TreatWarningsAsErrors").GetString());
        Assert.Equal("enable", properties.GetProperty("ImplicitUsings").GetString());
    }

    private static async Task<string> GlobalPackagesFolderAsync(string app)
    {
        var output = await DotnetProcess.RunAsync("dotnet nuget locals", app, ["nuget", "locals", "global-packages", "--list"], s_buildTimeout);
        var match = Regex.Match(output, @"global-packages:\s*(?<path>\S.*?)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"dotnet nuget locals printed no global-packages folder: {output}");
        return match.Groups["path"].Value;
    }

    private static async Task CallTheSampleAsync(string app)
    {
        await using var model = await FakeRealtimeServer.StartAsync();
        model.Script
            .OnResponseCreate(r => r.Say(Greeting))
            .AfterSpeech(turn => turn
                .Transcript("where is my order one thousand and two")
                .CallFunction("get_order_status", """{"orderId":"1002"}""")
                .ThenSay(Answer));

        using var sample = DotnetProcess.Start("the OrderStatus sample", app,
            [Path.Combine(app, "bin", "Debug", "net10.0", "OrderStatus.dll"), "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?>
            {
                ["RealtimeVoiceAgent__Endpoint"] = model.Endpoint.ToString(),
                ["RealtimeVoiceAgent__ApiKey"] = null,
                ["OPENAI_API_KEY"] = null, // a developer's real key has no business here
                ["ASPNETCORE_URLS"] = null,
                ["Logging__LogLevel__Default"] = "Information",
            });
        var url = (await sample.WaitForLineAsync(s_listening, s_startTimeout)).Groups["url"].Value;
        var callUri = new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/orders");

        // Each step is bounded; any failure (a timeout or an assertion) is reported with the step, what both ends received and the sample's output.
        var step = "";
        Task<T> Step<T>(string name, Func<Task<T>> action)
        {
            step = name;
            return action().WaitAsync(s_stepTimeout);
        }

        TestCaller? caller = null;
        try
        {
            caller = await Step($"connect to {callUri}", () => TestCaller.ConnectAsync(callUri));
            await Step("ready", () => caller.WaitForAsync("ready"));

            // The session is the sample agent's: its instructions, voice and one tool.
            var session = (await Step("session.update", () => model.WaitForClientEventAsync("session.update"))).Parse().GetProperty("session");
            Assert.Contains("Northwind Books", session.GetProperty("instructions").GetString(), StringComparison.Ordinal);
            Assert.Equal("marin", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
            Assert.Equal(["get_order_status"], session.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

            // The greeting's audio and caption.
            var delta = await Step("greeting audio_delta", () => caller.WaitForAsync("audio_delta"));
            Assert.NotEmpty(Convert.FromBase64String(delta.GetProperty("data").GetString()!));
            Assert.Equal(Greeting, (await Step("greeting text", () => caller.WaitForAsync("text"))).GetProperty("data").GetString());

            // The caller speaks for a second (loud 24 kHz PCM16 in 50 ms audio_chunks), then is quiet so the fake ends the turn.
            step = "send the caller's speech";
            byte[] utterance = [.. TestAudio.Tone(1000, 24000), .. TestAudio.Silence(1000, 24000)];
            foreach (var chunk in TestAudio.Chunks(utterance, 24000))
            {
                await caller.SendAudioChunkAsync(chunk).WaitAsync(s_stepTimeout);
            }

            // The model called get_order_status; the sample's tool answered from its order table.
            var output = (await Step("function_call_output to the model", () => model.WaitForMatchingClientEventAsync(
                e => e.Type == "conversation.item.create" && e.Json.Contains("function_call_output", StringComparison.Ordinal)))).Parse();
            var item = output.GetProperty("item");
            Assert.Equal("function_call_output", item.GetProperty("type").GetString());
            var toolOutput = JsonDocument.Parse(item.GetProperty("output").GetString()!).RootElement;
            Assert.True(toolOutput.GetProperty("ok").GetBoolean(), toolOutput.ToString());
            Assert.Equal("1002", toolOutput.GetProperty("result").GetProperty("orderId").GetString());
            Assert.Equal("shipped", toolOutput.GetProperty("result").GetProperty("status").GetString());

            // The spoken answer's caption reached the caller.
            Assert.Equal(Answer, (await Step("answer text", () => caller.WaitForAsync("text"))).GetProperty("data").GetString());
            Assert.All(model.ReceivedEvents, e => Assert.True(e.Accepted, e.ToString()));
        }
        catch (Exception ex)
        {
            throw sample.Failure(
                $"failed the call at '{step}': {ex.GetType().Name}: {ex.Message}{Environment.NewLine}"
                + $"caller received: [{caller?.Describe()}]{Environment.NewLine}"
                + $"model received: [{Collapse(model.ReceivedEvents.Select(e => e.Type))}]",
                ex);
        }
        finally
        {
            if (caller is not null)
            {
                await caller.DisposeAsync();
            }
        }
    }

    // "a, b, b, b, c" -> "a, b x3, c": the model receives dozens of input_audio_buffer.append in a row.
    private static string Collapse(IEnumerable<string> types)
    {
        var runs = new List<(string Type, int Count)>();
        foreach (var type in types)
        {
            if (runs.Count > 0 && runs[^1].Type == type)
            {
                runs[^1] = (type, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((type, 1));
            }
        }

        return string.Join(", ", runs.Select(r => r.Count == 1 ? r.Type : $"{r.Type} x{r.Count}"));
    }

    private async Task TimedAsync(string step, Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        log.WriteLine($"[package test] {step}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder must not fail the test.
        }
    }
}
