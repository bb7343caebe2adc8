using System.Globalization;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary>
/// Answers of the <c>/v1</c> routes: JSON in the API's snake_case, errors in OpenAI's shape with Retry-After on 429 and
/// <c>x-should-retry</c>, the header OpenAI's Python and Node SDKs obey over their status rules.
/// </summary>
public static class OpenAIResponses
{
    public const string ShouldRetryHeader = "x-should-retry";

    public static IResult Json<T>(T value) => TypedResults.Json(value, ApiJson.Options);

    public static IResult Error(HttpContext context, OpenAIFailure failure)
    {
        if (failure.RetryAfter is { } retryAfter)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (failure.ShouldRetry is { } shouldRetry)
            context.Response.Headers[ShouldRetryHeader] = shouldRetry ? "true" : "false";
        return TypedResults.Json(failure.Body, ApiJson.Options, statusCode: failure.Status);
    }

    /// <summary>The answer, or its failure; an images answer says which request fields were ignored.</summary>
    public static IResult From<T>(HttpContext context, OpenAIResult<T> result) => result switch
    {
        { Failure: { } failure } => Error(context, failure),
        { Value: OpenAIImagesResponse images } => Json(images with { IgnoredFields = Hosting.Http.IgnoredFields.Of(context) }),
        _ => Json(result.Value),
    };

    /// <summary>Where this server is reached, as the client reached it: the base of the URLs it is given back.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
