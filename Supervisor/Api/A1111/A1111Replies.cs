using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>How <c>/sdapi</c> endpoints answer a <see cref="A1111Failure"/>: its status and body, and Retry-After on 429.</summary>
public static class A1111Replies
{
    public static JsonHttpResult<A1111ErrorBody> Failure(HttpContext context, A1111Failure failure)
    {
        if (failure.RetryAfter is { } retry)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(failure.Body, A1111JsonBody.Options, statusCode: failure.Status);
    }
}
