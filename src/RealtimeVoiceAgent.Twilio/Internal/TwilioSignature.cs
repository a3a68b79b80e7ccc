using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace RealtimeVoiceAgent.Twilio.Internal;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): base64(HMAC-SHA1(auth token, the full URL followed by each POST
/// parameter's name and value, sorted by name)). Written here rather than taken from the <c>Twilio</c> package's
/// <c>RequestValidator</c>: that package is the whole REST client (a 10 MB assembly plus Newtonsoft.Json and the
/// IdentityModel JWT stack) for these few lines (see the package README).
/// </summary>
internal sealed class TwilioSignature
{
    private const int HashBytes = 20; // SHA-1
    private readonly byte[] _key;

    public TwilioSignature(string authToken) => _key = Encoding.UTF8.GetBytes(authToken);

    /// <summary>
    /// Whether <paramref name="header"/> is the signature of <paramref name="url"/> and <paramref name="parameters"/>. The URL is
    /// also tried with its default port written out (or left out, when it is written), as Twilio's own validators do:
    /// Twilio signs the URL exactly as it requested it, and some requests spell the port.
    /// </summary>
    public bool IsValid(string? header, string url, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        var headerBytes = Encoding.ASCII.GetBytes(header);
        if (Base64.DecodeFromUtf8(headerBytes, expected, out _, out var written) != System.Buffers.OperationStatus.Done || written != HashBytes)
        {
            return false;
        }

        // Both candidates are always computed, so the time taken does not depend on which one matched.
        var asIs = Matches(expected, url, parameters);
        var otherPort = TogglePort(url) is { } variant && Matches(expected, variant, parameters);
        return asIs | otherPort;
    }

    // https://host/path <-> https://host:443/path (and :80 for http/ws); null when the URL has another port.
    internal static string? TogglePort(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var defaultPort = uri.Scheme is "https" or "wss" ? 443 : uri.Scheme is "http" or "ws" ? 80 : -1;
        if (defaultPort < 0 || uri.Port != defaultPort)
        {
            return null;
        }

        var authorityStart = uri.Scheme.Length + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = authorityEnd < 0 ? url[authorityStart..] : url[authorityStart..authorityEnd];
        var rest = authorityEnd < 0 ? string.Empty : url[authorityEnd..];
        var portSuffix = ":" + defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var toggled = authority.EndsWith(portSuffix, StringComparison.Ordinal) ? authority[..^portSuffix.Length] : authority + portSuffix;
        return url[..authorityStart] + toggled + rest;
    }

    private bool Matches(ReadOnlySpan<byte> expected, string url, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        CryptographicOperations.FixedTimeEquals(expected, Hash(url, parameters));

    private byte[] Hash(string url, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        var sorted = new List<KeyValuePair<string, string>>(parameters);
        // Twilio sorts by name with case-sensitive (ordinal) order; values of a repeated name follow in order too.
        sorted.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        foreach (var (name, value) in sorted)
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // SHA-1 is what Twilio signs with; it is not our choice to make.
        return HMACSHA1.HashData(_key, Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
    }
}
