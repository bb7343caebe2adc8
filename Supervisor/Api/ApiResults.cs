using Microsoft.AspNetCore.Http.HttpResults;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Api;

/// <summary>Error results in the API's one error shape.</summary>
public static class ApiResults
{
    public static JsonHttpResult<ApiError> Error(int status, string code, string message) =>
        TypedResults.Json(new ApiError(status, code, message), ApiJson.Options, statusCode: status);

    public static JsonHttpResult<ApiError> NotFound(string message) => Error(StatusCodes.Status404NotFound, "not_found", message);

    public static JsonHttpResult<ApiError> Conflict(string message) => Error(StatusCodes.Status409Conflict, "conflict", message);

    public static JsonHttpResult<ApiError> BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "bad_request", message);

    /// <summary>429 with <c>Retry-After</c> (whole seconds, rounded up): e.g. the queue is full, try again later.</summary>
    public static TooManyRequestsResult TooManyRequests(string message, TimeSpan retryAfter, string code = "too_many_requests") =>
        new(new ApiError(StatusCodes.Status429TooManyRequests, code, message), retryAfter);
}
