using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealtimeVoiceAgent;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.Calls;
using RealtimeVoiceAgent.Twilio;

namespace VoiceContacts.Host;

/// <summary>Builds the VoiceContacts host: the browser app, /ws calls, /healthz and the optional admin API.</summary>
public static partial class VoiceContactsApp
{
    /// <summary>Builds the app from configuration (docs/configuration.md). <paramref name="configure"/> lets tests add settings and services.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var config = builder.Configuration;
        HttpHardening.AddHttpHardening(builder);
        GracefulDrain.AddGracefulDrain(builder);
        // OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; Prometheus /metrics when VoiceContacts:Metrics:Prometheus=true (docs/observability.md).
        HostTelemetry.AddHostTelemetry(builder);

        // Test-only: a scripted fake model inside the host, for the browser end-to-end tests.
        // It speaks the protocol of the configured provider: GPT-Live for OpenAILive/AzureOpenAILive, else Realtime.
        var liveProvider = config.GetValue<RealtimeProvider>("RealtimeVoiceAgent:Provider") is RealtimeProvider.OpenAILive or RealtimeProvider.AzureOpenAILive;
        var fake = config.GetValue<bool>("VoiceContacts:FakeRealtime:Enabled") ? await FakeContactModel.StartAsync(liveProvider, config["VoiceContacts:FakeRealtime:Fault"]) : ((IAsyncDisposable Server, Uri Endpoint)?)null;
        if (fake is { } started)
        {
            // Tests of the host read what the fake model received (FakeRealtimeServer or FakeLiveServer).
            builder.Services.AddSingleton(started.Server.GetType(), started.Server);
        }

        // RealtimeVoiceAgent:* configures the model (Endpoint, Model, ApiKey, Provider, timeouts); OPENAI_API_KEY is the usual key.
        var agent = builder.Services.AddRealtimeVoiceAgent(config.GetSection("RealtimeVoiceAgent"));
        builder.Services.PostConfigure<RealtimeClientOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = config["OPENAI_API_KEY"];
            }

            if (fake is { } started)
            {
                options.Endpoint = started.Endpoint;
                options.ApiKey = "fake-realtime";
            }
        });

        // Kestrel's socket transport (IOQueueCount, UnsafePreferInlineScheduling, …): VoiceContacts:SocketTransport:* (docs/configuration.md).
        builder.Services.Configure<SocketTransportOptions>(config.GetSection("VoiceContacts:SocketTransport"));

        // VoiceContacts:DefaultRegion (phone numbers without a country code), :DuplicateEmailPolicy, :Instructions.
        agent.AddContactAgent(options => config.GetSection("VoiceContacts").Bind(options));

        // The /ws endpoint's limits and policies: VoiceContacts:MaxConcurrentCalls, :MaxCallDuration, :IdleTimeout, … (docs/configuration.md).
        builder.Services.Configure<VoiceAgentEndpointOptions>(config.GetSection("VoiceContacts"));
        builder.Services.PostConfigure<VoiceAgentEndpointOptions>(options => AddCommaSeparatedOrigins(config, options));

        // Phone calls through Twilio (docs/telephony.md): VoiceContacts:Twilio:AuthToken and :PublicBaseUrl, plus the same
        // call limits as /ws (VoiceContacts:MaxCallDuration, …), which VoiceContacts:Twilio:* may override.
        builder.Services.Configure<TwilioVoiceOptions>(config.GetSection("VoiceContacts"));
        builder.Services.Configure<TwilioVoiceOptions>(config.GetSection("VoiceContacts:Twilio"));

        var storage = config["VoiceContacts:Storage"] ?? "Sqlite";
        var connectionString = config.GetConnectionString("Contacts");
        if (storage.Equals("MongoDB", StringComparison.OrdinalIgnoreCase))
        {
            agent.UseMongoContacts(
                connectionString ?? throw new InvalidOperationException("VoiceContacts:Storage=MongoDB needs ConnectionStrings:Contacts (mongodb://…)."),
                config["VoiceContacts:MongoDatabase"] ?? "voicecontacts");
        }
        else if (storage.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            agent.UseSqliteContacts(connectionString ?? "Data Source=voicecontacts.db");
        }
        else
        {
            throw new InvalidOperationException($"VoiceContacts:Storage must be Sqlite or MongoDB, not '{storage}'.");
        }

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("VoiceContacts.Host");

        HttpHardening.UseHttpHardening(app);
        app.UseWebSockets();
        var frontend = FindFrontend(app.Environment.ContentRootPath, config["VoiceContacts:FrontendPath"]);
        if (frontend is not null)
        {
            var files = new PhysicalFileProvider(frontend);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            // The operator's console is a page of its own (frontend/admin.html); everything else that is not a file is the call app.
            app.MapFallbackToFile("/admin/{**path}", "admin.html", new StaticFileOptions { FileProvider = files });
            app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        }
        else
        {
            Log.FrontendMissing(logger);
            app.MapGet("/", () => Results.Text("The browser app is not built: run `npm ci && npm run build` in frontend/ (or dotnet run builds it when npm is installed).", "text/plain"));
        }

        // An unknown /api path is a 404, never the browser app's index.html (nor, without the admin token, a sign of the admin API).
        HttpHardening.MapUnknownApiNotFound(app);
        HostTelemetry.MapHostMetrics(app);
        app.MapVoiceAgent("/ws");
        if (config["VoiceContacts:Twilio:AuthToken"] is { Length: > 0 })
        {
            // Validated here: a missing or non-https PublicBaseUrl stops the host at startup, naming the setting.
            app.MapTwilioVoice();
            var publicBase = app.Services.GetRequiredService<IOptions<TwilioVoiceOptions>>().Value.PublicBaseUrl!;
            Log.PhoneCallsOn(logger, publicBase.AbsoluteUri.TrimEnd('/') + "/twilio/voice");
        }
        else if (config["VoiceContacts:Twilio:PublicBaseUrl"] is { Length: > 0 })
        {
            Log.PhoneCallsOffWithoutToken(logger);
        }
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        GracefulDrain.MapReadiness(app);
        if (config["VoiceContacts:AdminToken"] is { Length: > 0 } adminToken)
        {
            app.MapContactsAdmin(adminToken);
        }

        if (fake is { } running)
        {
            Log.FakeModelInUse(logger, running.Endpoint);
            await FakeContactSeed.SeedAsync(
                app.Services.GetRequiredService<RealtimeVoiceAgent.Contacts.IContactRepository>(),
                config.GetValue<int>("VoiceContacts:FakeRealtime:SeedContacts"),
                app.Services.GetService<TimeProvider>() ?? TimeProvider.System);
            app.Lifetime.ApplicationStopped.Register(() => running.Server.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }
        else if (!app.Services.GetRequiredService<CallRelay>().IsModelConfigured)
        {
            Log.NoApiKey(logger);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Log.OpenInBrowser(logger, address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
            }
        });

        return app;
    }

    // AllowedOrigins binds from a JSON array (AllowedOrigins:0, :1, …); one comma-separated string is handy in an environment variable.
    private static void AddCommaSeparatedOrigins(IConfiguration config, VoiceAgentEndpointOptions options)
    {
        if (config["VoiceContacts:AllowedOrigins"] is { Length: > 0 } list)
        {
            foreach (var origin in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.AllowedOrigins.Add(origin.TrimEnd('/'));
            }
        }
    }

    /// <summary>The built browser app: the configured path, or the first <c>frontend/dist</c> with an index.html above the content root.</summary>
    private static string? FindFrontend(string contentRoot, string? configured)
    {
        if (configured is { Length: > 0 })
        {
            var path = Path.GetFullPath(configured, contentRoot);
            return File.Exists(Path.Combine(path, "index.html")) ? path : null;
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "frontend", "dist");
            if (File.Exists(Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(6000, LogLevel.Warning, "No OpenAI API key is configured (set OPENAI_API_KEY or RealtimeVoiceAgent:ApiKey). The host runs, but every call is answered with error 'not_configured'.")]
        public static partial void NoApiKey(ILogger logger);

        [LoggerMessage(6001, LogLevel.Warning, "*** TEST MODE: VoiceContacts:FakeRealtime:Enabled=true. Calls go to a scripted FAKE model at {Endpoint}, not to OpenAI. Never enable this in production. ***")]
        public static partial void FakeModelInUse(ILogger logger, Uri endpoint);

        [LoggerMessage(6002, LogLevel.Warning, "The browser app (frontend/dist) was not found; only /ws, /healthz and the admin API are served.")]
        public static partial void FrontendMissing(ILogger logger);

        [LoggerMessage(6003, LogLevel.Information, "VoiceContacts is running: open {Url} in your browser.")]
        public static partial void OpenInBrowser(ILogger logger, string url);

        [LoggerMessage(6004, LogLevel.Information, "Phone calls are on: set your Twilio number's voice webhook to HTTP POST {WebhookUrl}.")]
        public static partial void PhoneCallsOn(ILogger logger, string webhookUrl);

        [LoggerMessage(6005, LogLevel.Warning, "VoiceContacts:Twilio:PublicBaseUrl is set but VoiceContacts:Twilio:AuthToken is not: the phone routes are off.")]
        public static partial void PhoneCallsOffWithoutToken(ILogger logger);
    }
}
