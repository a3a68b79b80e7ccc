using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.AspNetCore;
using RealtimeVoiceAgent.Calls;

namespace VoiceContacts.Host;

/// <summary>
/// Graceful drain on SIGTERM (a rolling deploy): <c>/readyz</c> answers 503, new calls are refused with 1013, and active
/// calls are told <c>call_ending</c> and go on for up to <c>VoiceContacts:DrainTimeout</c> (default 2 minutes) before
/// the server stops. docs/deployment.md.
/// </summary>
public static partial class GracefulDrain
{
    /// <summary>The default of <c>VoiceContacts:DrainTimeout</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Registers the drain, and gives the host enough shutdown time for it (plus closing what is left).</summary>
    public static void AddGracefulDrain(WebApplicationBuilder builder)
    {
        var timeout = builder.Configuration.GetValue("VoiceContacts:DrainTimeout", DefaultTimeout);
        if (timeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException("VoiceContacts:DrainTimeout must not be negative.");
        }

        builder.Services.AddSingleton<VoiceAgentDrain>();
        builder.Services.AddSingleton<IHostedService>(services => new DrainOnStopping(
            services.GetRequiredService<VoiceAgentDrain>(), timeout, services.GetRequiredService<ILogger<DrainOnStopping>>()));
        // The drain's calls close within their close timeouts after it; the rest is the server's own stop.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout + TimeSpan.FromSeconds(30));
    }

    /// <summary>Maps <c>/readyz</c>: 200 while the host takes calls, 503 while it drains (<c>/healthz</c> stays liveness).</summary>
    public static void MapReadiness(WebApplication app)
    {
        var drain = app.Services.GetRequiredService<VoiceAgentDrain>();
        app.MapGet("/readyz", () => drain.IsDraining
            ? Results.Json(new { status = "draining" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new { status = "ready" }));
    }

    // StoppingAsync runs after ApplicationStopping and before any hosted service stops, so the server still answers
    // /readyz and new callers while the calls drain.
    private sealed partial class DrainOnStopping(VoiceAgentDrain drain, TimeSpan timeout, ILogger logger) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            LogDrainStarted(logger, drain.ActiveCalls, timeout.TotalSeconds);
            await drain.DrainAsync(timeout, cancellationToken).ConfigureAwait(false);
            LogDrainDone(logger);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(6010, LogLevel.Information, "Draining: {ActiveCalls} active calls may go on for up to {TimeoutSeconds} s; new calls are refused.")]
        private static partial void LogDrainStarted(ILogger logger, int activeCalls, double timeoutSeconds);

        [LoggerMessage(6011, LogLevel.Information, "Drained: no call left.")]
        private static partial void LogDrainDone(ILogger logger);
    }
}
