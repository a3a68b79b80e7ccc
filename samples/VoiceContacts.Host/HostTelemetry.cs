using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RealtimeVoiceAgent;

namespace VoiceContacts.Host;

/// <summary>
/// Exports the host's traces and metrics (docs/observability.md): over OTLP, with its logs, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard <c>OTEL_*</c> variables configure it), and as a Prometheus
/// scrape endpoint at <c>/metrics</c> when <c>VoiceContacts:Metrics:Prometheus=true</c>. With neither, OpenTelemetry is
/// not set up at all.
/// </summary>
public static class HostTelemetry
{
    /// <summary>The path of the Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The service name on exported telemetry, unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "VoiceContacts";

    // ASP.NET Core's and Kestrel's own meters (HTTP requests, connections): what the host serves besides calls.
    private static readonly string[] HostMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"];

    /// <summary>Whether traces and metrics go to an OTLP endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public static bool IsOtlpEnabled(IConfiguration config) => config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };

    /// <summary>Whether <c>/metrics</c> serves Prometheus text (<c>VoiceContacts:Metrics:Prometheus=true</c>).</summary>
    public static bool IsPrometheusEnabled(IConfiguration config) => config.GetValue<bool>("VoiceContacts:Metrics:Prometheus");

    /// <summary>Sets up OpenTelemetry with the exporters configuration asks for.</summary>
    public static void AddHostTelemetry(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var otlp = IsOtlpEnabled(config);
        var prometheus = IsPrometheusEnabled(config);
        if (!otlp && !prometheus)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RealtimeVoiceAgentDiagnostics.MeterName).AddMeter(HostMeters);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Traces (one span per call and per tool run) need somewhere to go: only OTLP has one. The requests are traced
            // too: a call's span is a child of its /ws request's, and the default sampler follows the parent, so an
            // unsampled request span would drop the call's. Probes and scrapes are left out.
            telemetry.WithTracing(tracing => tracing
                .AddSource(RealtimeVoiceAgentDiagnostics.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbeOrScrape(context.Request.Path)));

            // OTLP for traces, metrics and logs; endpoint, protocol, headers and intervals come from the OTEL_* variables.
            telemetry.UseOtlpExporter();
        }
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(MetricsPath);

    /// <summary>
    /// Maps <c>/metrics</c>: the Prometheus scrape endpoint when enabled (behind the admin token when
    /// <c>VoiceContacts:Metrics:RequireAdminToken=true</c>), otherwise a 404 (never the browser app's index.html).
    /// </summary>
    public static void MapHostMetrics(WebApplication app)
    {
        var config = app.Configuration;
        if (!IsPrometheusEnabled(config))
        {
            app.Map(MetricsPath, () => Results.NotFound());
            return;
        }

        AdminTokenFilter? token = null;
        if (config.GetValue<bool>("VoiceContacts:Metrics:RequireAdminToken"))
        {
            token = new AdminTokenFilter(config["VoiceContacts:AdminToken"] is { Length: > 0 } adminToken
                ? adminToken
                : throw new InvalidOperationException("VoiceContacts:Metrics:RequireAdminToken=true needs VoiceContacts:AdminToken."));
        }

        app.MapPrometheusScrapingEndpoint(
            MetricsPath,
            meterProvider: null,
            configureBranchedPipeline: token is null ? null : branch => branch.Use(async (context, next) =>
            {
                if (token.Authorize(context))
                {
                    await next(context);
                }
            }),
            optionsName: null);
    }
}
