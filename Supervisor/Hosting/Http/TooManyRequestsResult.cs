using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>A 429 <see cref="ApiError"/> with its <c>Retry-After</c> header; see <see cref="ApiResults.TooManyRequests"/>.</summary>
public sealed class TooManyRequestsResult(ApiError error, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult, IValueHttpResult<ApiError>
{
    public ApiError Value => error;
    public TimeSpan RetryAfterDelay => retryAfter;
    public int? StatusCode => StatusCodes.Status429TooManyRequests;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfter.Seconds(retryAfter);
        return TypedResults.Json(error, ApiJson.Options, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(httpContext);
    }
}
