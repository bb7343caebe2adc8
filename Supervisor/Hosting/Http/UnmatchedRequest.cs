using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// The answer when no endpoint took a request: 405 with <c>Allow</c> for a wrong method on a known path, 415 for an
/// <c>/api</c> body that is not JSON, else 404; each in the family's own error shape (A1111's FastAPI
/// <c>detail</c> under <c>/sdapi</c> and <c>/queue</c>, OpenAI's <c>error</c> under <c>/v1</c>, the seed's otherwise).
/// </summary>
public static class UnmatchedRequest
{
    public static Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var allowed = context.RequestServices.GetRequiredService<KnownRoutes>().AllowedMethods(request.Path);
        var family = ApiFamilies.Of(request.Path);
        if (allowed.Count > 0 && !allowed.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return WriteAsync(context, family, StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
                $"{request.Method} is not allowed on {request.Path}; use {string.Join(", ", allowed)}", "Method Not Allowed");
        }
        // A JSON endpoint does not match a body sent without a JSON content type; say so instead of "no endpoint".
        if (family == ApiFamily.Seed && HasNonJsonBody(request))
            return WriteAsync(context, family, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"send the request body as JSON with 'Content-Type: application/json' (got '{request.ContentType ?? "none"}')", "Unsupported Media Type");
        return WriteAsync(context, family, StatusCodes.Status404NotFound, "not_found", $"no endpoint {request.Method} {request.Path}", "Not Found");
    }

    /// <summary>For a wrong method on a route that takes every method (OpenAI's unknown-route answer): the 405 to send, or null.</summary>
    public static IReadOnlyList<string>? WrongMethod(HttpContext context)
    {
        var allowed = context.RequestServices.GetRequiredService<KnownRoutes>().AllowedMethods(context.Request.Path);
        return allowed.Count > 0 && !allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase) ? allowed : null;
    }

    private static Task WriteAsync(HttpContext context, ApiFamily family, int status, string code, string message, string fastApiDetail)
    {
        context.Response.StatusCode = status;
        return family switch
        {
            // FastAPI's own texts ("Not Found", "Method Not Allowed"), which A1111 clients print.
            ApiFamily.A1111 => context.Response.WriteAsJsonAsync(new A1111ErrorBody(status, code, message, fastApiDetail), A1111JsonBody.Options),
            ApiFamily.OpenAI => context.Response.WriteAsJsonAsync(new OpenAIFailure(status, new OpenAIErrorDetail(message, OpenAIErrors.InvalidRequest, null, code)).Body, ApiJson.Options),
            _ => context.Response.WriteAsJsonAsync(new ApiError(status, code, message), ApiJson.Options),
        };
    }

    /// <summary>Only under /api: the OpenAI-compatible /v1 routes take multipart bodies.</summary>
    private static bool HasNonJsonBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && request.Path.StartsWithSegments("/api")
        && !(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false)
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);
}
