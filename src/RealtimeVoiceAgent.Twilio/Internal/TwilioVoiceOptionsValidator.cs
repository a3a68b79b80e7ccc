using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Options;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// Checks the routes' final options when they are mapped, so a bad setting fails at startup: the ranges (source-generated
/// from the attributes) plus the auth token and the public URL. Messages name the setting, never the token's value.
/// </summary>
internal sealed class TwilioVoiceOptionsValidator : IValidateOptions<TwilioVoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioVoiceOptions options)
    {
        var failures = new List<string>();
        var ranges = new TwilioVoiceOptionsRangeValidator().Validate(name, options);
        if (ranges.Failed)
        {
            failures.AddRange(ranges.Failures);
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add("AuthToken is required: the Twilio account's auth token (Twilio console, Account info), which signs every request.");
        }

        if (DescribePublicBaseUrlProblem(options.PublicBaseUrl) is { } problem)
        {
            failures.Add(problem);
        }

        if (options.PlaybackDrainTimeout >= options.CloseTimeout)
        {
            failures.Add($"PlaybackDrainTimeout ({options.PlaybackDrainTimeout}) must be shorter than CloseTimeout ({options.CloseTimeout}), which bounds the whole close.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? DescribePublicBaseUrlProblem(Uri? url)
    {
        if (url is null)
        {
            return "PublicBaseUrl is required: the https URL Twilio reaches this host at, e.g. https://contacts.example.com.";
        }

        if (!url.IsAbsoluteUri)
        {
            return $"PublicBaseUrl must be an absolute URL such as https://contacts.example.com, not '{url}'.";
        }

        var loopback = url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && loopback))
        {
            return $"PublicBaseUrl must use https (Twilio connects media streams over wss only); plain http is accepted for a loopback host only, not '{url.Scheme}://{url.Authority}'.";
        }

        return url.Query.Length > 0 || url.Fragment.Length > 0
            ? "PublicBaseUrl must not have a query or a fragment: it is the URL of the application's root."
            : null;
    }
}
