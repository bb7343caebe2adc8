using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Where the OpenAI-compatible API lives, and its error shape for answers written outside its endpoints (the
/// pipeline's 413 for an oversized body, the exception handler's 500), which would otherwise use the seed API's shape.
/// </summary>
public static class OpenAIRoutes
{
    public const string Prefix = "/v1";

    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix);

    /// <summary>The pipeline's <see cref="ApiError"/> in OpenAI's shape; the request id stays in the message for the log.</summary>
    public static OpenAIErrorBody ToOpenAI(ApiError error)
    {
        var type = error.Status switch
        {
            StatusCodes.Status429TooManyRequests => OpenAIErrors.RateLimit,
            >= 500 => OpenAIErrors.ServerError,
            _ => OpenAIErrors.InvalidRequest,
        };
        var field = error.Errors?.Keys.FirstOrDefault();
        var message = error.RequestId is null ? error.Message : $"{error.Message} (request id {error.RequestId})";
        return new OpenAIErrorBody(new OpenAIErrorDetail(message, type, field is null ? null : OpenAIErrors.ParamFor(field), error.Error));
    }

    /// <summary>The body to write for <paramref name="error"/> on this request: OpenAI's shape under /v1, else the error as is.</summary>
    public static object ErrorBodyFor(HttpContext context, ApiError error) => Owns(context.Request.Path) ? ToOpenAI(error) : error;
}
