using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using RealtimeVoiceAgent.Contacts;

namespace VoiceContacts.Host;

/// <summary>
/// The operator's API, for a holder of the admin token: search and page contacts, one contact with its history and
/// calls, erasure, a CSV export, and the call records (docs/configuration.md, Admin API).
/// </summary>
internal static partial class ContactsAdminEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapContactsAdmin(this IEndpointRouteBuilder app, string adminToken)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(new AdminTokenFilter(adminToken));
        api.MapGet("/contacts", ListContactsAsync);
        api.MapGet("/contacts/export.csv", ExportAsync);
        api.MapGet("/contacts/{id}", GetContactAsync);
        api.MapDelete("/contacts/{id}", DeleteContactAsync);
        api.MapGet("/calls", ListCallsAsync);
    }

    private static async Task<IResult> ListContactsAsync(IContactRepository contacts, string? query, string? cursor, string? limit, CancellationToken cancellationToken)
    {
        var (page, error) = ParsePaging(cursor, limit);
        if (error is not null)
        {
            return error;
        }

        if (query is { Length: > ContactSearch.MaxQueryLength })
        {
            return BadRequest("Invalid query", $"query must be at most {ContactSearch.MaxQueryLength} characters.");
        }

        ContactPage result = await contacts.SearchAsync(query, page!.After, page.Limit, cancellationToken);
        return Results.Ok(new PageJson<ContactJson>(result.Items.Select(ContactJson.From).ToArray(), result.Next?.ToString()));
    }

    private static async Task<IResult> GetContactAsync(IContactRepository contacts, string id, CancellationToken cancellationToken)
    {
        if (await contacts.GetAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound(id);
        }

        IReadOnlyList<ContactChange> history = await contacts.GetHistoryAsync(id, cancellationToken);
        var calls = new List<CallJson>();
        foreach (CallRecord call in await contacts.ListCallsOfContactAsync(id, cancellationToken))
        {
            calls.Add(CallJson.From(call, await contacts.GetTranscriptAsync(call.CallId, cancellationToken)));
        }

        return Results.Ok(new ContactDetailJson(ContactJson.From(contact), history.Select(ContactChangeJson.From).ToArray(), calls));
    }

    private static async Task<IResult> DeleteContactAsync(IContactRepository contacts, ILoggerFactory loggers, string id, CancellationToken cancellationToken)
    {
        if (!await contacts.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        // An audit line: which contact was erased, never what it held.
        Log.ContactErased(loggers.CreateLogger("VoiceContacts.Host.Admin"), id);
        return Results.NoContent();
    }

    private static async Task ExportAsync(HttpContext context, IContactRepository contacts, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/csv; charset=utf-8; header=present";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"contacts.csv\"";
        await ContactsCsv.WriteAsync(contacts, context.Response.Body, cancellationToken);
    }

    private static async Task<IResult> ListCallsAsync(IContactRepository contacts, string? cursor, string? limit, CancellationToken cancellationToken)
    {
        var (page, error) = ParsePaging(cursor, limit);
        if (error is not null)
        {
            return error;
        }

        CallRecordPage result = await contacts.ListCallsAsync(page!.After, page.Limit, cancellationToken);
        return Results.Ok(new PageJson<CallJson>(result.Items.Select(c => CallJson.From(c)).ToArray(), result.Next?.ToString()));
    }

    private static (Paging? Page, IResult? Error) ParsePaging(string? cursor, string? limit)
    {
        int size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            return (null, BadRequest("Invalid limit", $"limit must be a whole number from 1 to {MaxLimit}; it was '{Truncate(limit)}'."));
        }

        PageCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!PageCursor.TryParse(cursor, out PageCursor parsed))
            {
                return (null, BadRequest("Invalid cursor", "cursor must be a nextCursor value returned by this API; start again without it."));
            }

            after = parsed;
        }

        return (new Paging(after, size), null);
    }

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";

    private static IResult BadRequest(string title, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no contact '{Truncate(id)}'.");

    private sealed record Paging(PageCursor? After, int Limit);

    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Information, "Contact {ContactId} was erased through the admin API (with its history and call transcripts).")]
        public static partial void ContactErased(ILogger logger, string contactId);
    }
}
