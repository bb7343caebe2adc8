using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>The seed API's answers for refused submissions and unreadable input images, in its one error shape.</summary>
public static class SubmitResults
{
    /// <summary>A refusal as <see cref="ApiError"/> with its kind's status (<see cref="SeedRefusalStatus"/>); a full queue also gets <c>Retry-After</c>.</summary>
    public static IResult Refused(HttpContext context, SubmitError error)
    {
        if (error.RetryAfter is { } retry)
            context.Response.Headers.RetryAfter = Hosting.Http.RetryAfter.Seconds(retry);
        var status = SeedRefusalStatus.Of(error.Kind);
        return TypedResults.Json(new ApiError(status, error.Code, error.Message, error.Errors), ApiJson.Options, statusCode: status);
    }

    /// <summary>An input image that could not be read, named by its field.</summary>
    public static IResult BadImage(string field, ImageInputError error) =>
        TypedResults.Json(new ApiError(error.Status, error.Code, $"{field}: {error.Message}",
            new Dictionary<string, string[]> { [field] = [error.Message] }), ApiJson.Options, statusCode: error.Status);
}
