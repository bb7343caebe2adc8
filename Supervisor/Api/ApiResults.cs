using Microsoft.AspNetCore.Http.HttpResults;

namespace SdSupervised.Supervisor.Api;

/// <summary>Error results in the API's one error shape.</summary>
public static class ApiResults
{
    public static JsonHttpResult<ApiError> Error(int status, string code, string message) =>
        TypedResults.Json(new ApiError(status, code, message), ApiJson.Options, statusCode: status);

    public static JsonHttpResult<ApiError> NotFound(string message) => Error(StatusCodes.Status404NotFound, "not_found", message);

    public static JsonHttpResult<ApiError> Conflict(string message) => Error(StatusCodes.Status409Conflict, "conflict", message);

    public static JsonHttpResult<ApiError> BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "bad_request", message);

}
