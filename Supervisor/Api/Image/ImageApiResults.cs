using Microsoft.AspNetCore.Http.HttpResults;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Image;

/// <summary>The image endpoints' refusals in the API's one error shape, naming the field concerned under <c>errors</c>.</summary>
public static class ImageApiResults
{
    public static JsonHttpResult<ApiError> Refused(ImageToolResult result)
    {
        var error = result.Error ?? throw new ArgumentException("the result was not refused", nameof(result));
        var field = result.Field ?? "image";
        var message = error.Code == "validation_failed" ? $"{field}: {error.Message}" : error.Message;
        return TypedResults.Json(new ApiError(error.Status, error.Code, message, new Dictionary<string, string[]> { [field] = [error.Message] }),
            ApiJson.Options, statusCode: error.Status);
    }
}
