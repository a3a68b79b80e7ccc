using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RealtimeVoiceAgent.Contacts;

namespace VoiceContacts.Host;

/// <summary><c>GET /api/contacts</c>: the saved contacts, for an operator holding the admin token; phones in E.164 and as shown (<c>phoneDisplay</c>).</summary>
internal static class ContactsAdminEndpoints
{
    public static void MapContactsAdmin(this IEndpointRouteBuilder app, string adminToken)
    {
        // Compare SHA-256 digests in constant time, so neither the token's content nor its length leaks through timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminToken));
        app.MapGet("/api/contacts", async (HttpContext context, IContactRepository contacts, int? limit, CancellationToken cancellationToken) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Unauthorized();
            }

            var list = await contacts.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
            // The phone both ways: E.164 as stored (for systems) and international format (for people).
            return Results.Ok(list.Select(c => new
            {
                c.Id,
                c.Name,
                c.Email,
                c.Phone,
                c.PhoneExtension,
                PhoneDisplay = ContactNormalizer.FormatPhoneForDisplay(c.Phone, c.PhoneExtension),
                c.CreatedAt,
                c.UpdatedAt,
            }));
        });
    }
}
