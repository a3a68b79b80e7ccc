using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Tests.Endpoint;

namespace VoiceContacts.Host.Tests.Infrastructure;

/// <summary>The real VoiceContacts.Host (its own BuildAsync) on 127.0.0.1, with SQLite in a temp folder and test settings.</summary>
internal sealed class HostFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostFixture(WebApplication app, string folder, TestLoggerProvider logs)
    {
        _app = app;
        Folder = folder;
        Logs = logs;
        BaseUri = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public string Folder { get; }

    public TestLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The host's scripted fake model (VoiceContacts:FakeRealtime:Enabled).</summary>
    public RealtimeVoiceAgent.Testing.FakeRealtimeServer FakeModel => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RealtimeVoiceAgent.Testing.FakeRealtimeServer>(_app.Services);

    public Uri CallUri(string query = "") =>
        new(BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/ws" + (query.Length > 0 ? "?" + query : string.Empty));

    public static async Task<HostFixture> StartAsync(Dictionary<string, string?> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "voicecontacts-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Contacts"] = $"Data Source={Path.Combine(folder, "contacts.db")}",
            ["VoiceContacts:FrontendPath"] = folder,
            ["VoiceContacts:AudioBurst"] = "00:00:30",
            ["OPENAI_API_KEY"] = string.Empty,
        };
        foreach (var pair in settings)
        {
            all[pair.Key] = pair.Value;
        }

        var logs = new TestLoggerProvider();
        var app = await VoiceContactsApp.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        });
        await app.StartAsync();
        return new HostFixture(app, folder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
