using System;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceContacts.Host;

/// <summary>
/// The host's HTTP hardening: security headers on every response, no <c>Server</c> header, and the caller's real address
/// from the forwarded headers of configured reverse proxies (<c>VoiceContacts:KnownProxies</c>). docs/deployment.md.
/// </summary>
public static class HttpHardening
{
    /// <summary>
    /// The page loads only its own scripts, styles and audio worklets (worklets follow <c>script-src</c>) and connects only
    /// to its own origin: CSP Level 3 lets <c>'self'</c> match ws:/wss: on the page's host and port (Chromium, Firefox,
    /// Safari 15.4+), which covers the /ws call socket. The favicon is an inline SVG (data:).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Removes the <c>Server</c> header and, when <c>VoiceContacts:KnownProxies</c> lists addresses, trusts their forwarded headers.</summary>
    public static void AddHttpHardening(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var proxies = KnownProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // For: the per-address connection limit sees the caller, not the proxy. Proto and Host: the request is seen as
            // the browser made it (https, the public host name).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the configured proxies are trusted (the defaults trust loopback); each hop is checked against them, so
            // a chain of known proxies is walked to the first address none of them vouches for.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            options.ForwardLimit = null;
        });
    }

    /// <summary>Adds the forwarded-headers step (when proxies are configured) and the security headers; call it first in the pipeline.</summary>
    public static void UseHttpHardening(WebApplication app)
    {
        if (KnownProxies(app.Configuration).Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // For browsers without CSP frame-ancestors.
            headers.XFrameOptions = "DENY";
            return next(context);
        });
    }

    /// <summary>Answers unknown <c>/api/...</c> paths with 404 rather than the browser app's index.html (the SPA fallback).</summary>
    public static void MapUnknownApiNotFound(WebApplication app) =>
        app.Map("/api/{**rest}", () => Results.NotFound());

    // VoiceContacts:KnownProxies: a JSON array (KnownProxies:0, :1, …) or one comma-separated string (handy in an environment variable).
    private static IPAddress[] KnownProxies(IConfiguration config)
    {
        var section = config.GetSection("VoiceContacts:KnownProxies");
        var values = section.Value is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.Get<string[]>() ?? [];
        return Array.ConvertAll(values, value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"VoiceContacts:KnownProxies must list IP addresses; '{value}' is not one."));
    }
}
