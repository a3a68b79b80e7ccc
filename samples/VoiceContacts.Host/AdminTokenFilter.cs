using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace VoiceContacts.Host;

/// <summary>Lets a request through to the admin API only with <c>Authorization: Bearer &lt;admin token&gt;</c>; 401 otherwise.</summary>
internal sealed class AdminTokenFilter : IEndpointFilter
{
    private readonly byte[] _expected;

    public AdminTokenFilter(string adminToken)
    {
        // Compare SHA-256 digests in constant time, so neither the token's content nor its length leaks through timing.
        _expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminToken));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var response = context.HttpContext.Response;
        // Contact data is personal data: no cache between the operator and the host may keep it.
        response.Headers.CacheControl = "no-store";
        if (!IsPresented(context.HttpContext.Request))
        {
            response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Send the admin token as 'Authorization: Bearer <token>'.");
        }

        return await next(context);
    }

    /// <summary>For middleware (the <c>/metrics</c> branch): true when the request carries the token; otherwise answers 401 and returns false.</summary>
    public bool Authorize(HttpContext context)
    {
        if (IsPresented(context.Request))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return false;
    }

    private bool IsPresented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);
    }
}
