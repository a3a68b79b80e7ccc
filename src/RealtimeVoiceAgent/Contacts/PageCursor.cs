using System;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace RealtimeVoiceAgent.Contacts;

/// <summary>
/// A position in a newest-first listing (contacts by creation time, calls by start time): the time and id of the last
/// item of a page. The next page holds the items strictly older, so pages stay stable while new items arrive.
/// </summary>
/// <param name="Time">The last item's time (UTC, millisecond precision).</param>
/// <param name="Id">The last item's id (orders items with the same time, descending ordinal).</param>
public readonly record struct PageCursor(DateTimeOffset Time, string Id)
{
    /// <summary>Whether an item at <paramref name="time"/> with <paramref name="id"/> comes after this position (is older).</summary>
    /// <param name="time">The item's time.</param>
    /// <param name="id">The item's id.</param>
    /// <returns><see langword="true"/> when the item belongs to a later page.</returns>
    public bool Precedes(DateTimeOffset time, string id) =>
        time < Time || (time == Time && string.CompareOrdinal(id, Id) < 0);

    /// <summary>The cursor as an opaque, URL-safe string (what the admin API returns as <c>nextCursor</c>).</summary>
    /// <returns>The encoded cursor.</returns>
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + Id));

    /// <summary>Reads a cursor written by <see cref="ToString"/>.</summary>
    /// <param name="text">The encoded cursor.</param>
    /// <param name="cursor">The cursor, when the text is one.</param>
    /// <returns>Whether <paramref name="text"/> is a valid cursor.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 1024)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1
            || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        cursor = new PageCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), decoded[(colon + 1)..]);
        return true;
    }
}
