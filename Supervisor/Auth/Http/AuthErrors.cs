using Microsoft.Net.Http.Headers;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// 401, 403 and 429 from the auth layer, in the shape each family's clients read: OpenAI's <c>{error: {...}}</c> under
/// <c>/v1</c> (its clients raise an authentication error from it), FastAPI's <c>detail</c> under <c>/sdapi</c>, the
/// server's own <see cref="ApiError"/> elsewhere. A 401 always says how to authenticate in <c>WWW-Authenticate</c>.
/// </summary>
public static class AuthErrors
{
    public const string Realm = "sd-supervised";

    public static Task UnauthorizedAsync(HttpContext context, string message, bool invalidToken)
    {
        var bearer = invalidToken ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\"" : $"Bearer realm=\"{Realm}\"";
        // A1111 clients authenticate with Basic (--api-auth); offering it lets them (and a browser) answer the challenge.
        context.Response.Headers[HeaderNames.WWWAuthenticate] = context.Request.Path.StartsWithSegments("/sdapi")
            ? new[] { $"Basic realm=\"{Realm}\"", bearer }
            : new[] { bearer };
        var code = context.Request.Path.StartsWithSegments(OpenAIRoutes.Prefix) ? "invalid_api_key" : "unauthorized";
        return WriteAsync(context, new ApiError(StatusCodes.Status401Unauthorized, code, message));
    }

    public static Task ForbiddenAsync(HttpContext context, string message) =>
        WriteAsync(context, new ApiError(StatusCodes.Status403Forbidden, "forbidden", message));

    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string message)
    {
        context.Response.Headers[HeaderNames.RetryAfter] = RetryAfter.Seconds(retryAfter);
        return WriteAsync(context, new ApiError(StatusCodes.Status429TooManyRequests, "too_many_requests", message));
    }

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(PipelineErrors.BodyFor(context, error), ApiJson.Options, context.RequestAborted);
    }
}
