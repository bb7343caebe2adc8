using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The <c>/v1</c> errors, and the mapping of the shared services' refusals to them: OpenAI's <c>type</c> names, the
/// OpenAI parameter a seed-API field came from (<c>batch_count</c> was <c>n</c>, <c>width</c> was <c>size</c>).
/// OpenAI's SDKs retry 408, 409, 429 and 5xx by themselves (the .NET one ignores <c>x-should-retry</c>), and every
/// retry of a generation is a new job: so what a retry cannot mend gets a status no SDK retries, or at least
/// <c>x-should-retry: false</c>, and only what may pass soon (queue full, no worker yet) invites a retry.
/// </summary>
public static class OpenAIErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ServerError = "server_error";
    /// <summary>OpenAI's own type for rate limits (with code <c>rate_limit_exceeded</c>).</summary>
    public const string RateLimit = "requests";

    private static readonly Dictionary<string, string> ParamsBySeedField = new(StringComparer.OrdinalIgnoreCase)
    {
        ["width"] = "size",
        ["height"] = "size",
        ["batch_count"] = "n",
        ["init_image"] = "image",
        ["mask_image"] = "mask",
        ["source_image"] = "image",
    };

    public static OpenAIFailure BadRequest(string? param, string message, string? code = "invalid_value") =>
        new(StatusCodes.Status400BadRequest, new OpenAIErrorDetail(message, InvalidRequest, param, code));

    public static OpenAIFailure Missing(string param) =>
        BadRequest(param, $"Missing required parameter: '{param}'.", "missing_required_parameter");

    public static OpenAIFailure MalformedJson(string detail) =>
        BadRequest(null, $"We could not parse the JSON body of your request. ({detail}) Send a JSON object with 'Content-Type: application/json'.", "invalid_json");

    public static OpenAIFailure NotFound(string message, string? param = null, string? code = "not_found") =>
        new(StatusCodes.Status404NotFound, new OpenAIErrorDetail(message, InvalidRequest, param, code));

    public static OpenAIFailure UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, new OpenAIErrorDetail(message, InvalidRequest, null, "unsupported_media_type"));

    public static OpenAIFailure Server(string message, string? code = null) =>
        new(StatusCodes.Status500InternalServerError, new OpenAIErrorDetail(message, ServerError, null, code));

    /// <summary>
    /// A job that did not finish within the synchronous wait: it keeps running under its id, so a retry would only
    /// queue a twin. 504 is what it is; the .NET SDK retries it whatever the header says (the README says so).
    /// </summary>
    public static OpenAIFailure Timeout(string jobId, TimeSpan waited) =>
        new(StatusCodes.Status504GatewayTimeout, new OpenAIErrorDetail(
            $"The image job {jobId} did not finish within {waited.TotalSeconds:0} s (Sds:SyncWaitSeconds); it keeps running: GET /api/queue/job/{jobId} shows it.",
            ServerError, null, "timeout"), ShouldRetry: false);

    /// <summary>
    /// A refusal from <see cref="GenerationService.SubmitAsync"/>: 400 names the OpenAI parameter; Retry-After (429, 503,
    /// 507) is kept. A full queue or a server without a worker yet invites the retry; a full disk does not clear in a second.
    /// </summary>
    public static OpenAIFailure FromSubmitError(SubmitError error)
    {
        var status = StatusOf(error.Kind);
        if (status == StatusCodes.Status429TooManyRequests)
            return new OpenAIFailure(status, new OpenAIErrorDetail(error.Message, RateLimit, null, "rate_limit_exceeded"), error.RetryAfter, ShouldRetry: true);
        var field = error.Errors?.Keys.FirstOrDefault();
        var type = status >= 500 ? ServerError : InvalidRequest;
        var code = error.Kind == RefusalKind.NotFound ? "model_not_found" : error.Code;
        bool? shouldRetry = error.Kind switch
        {
            RefusalKind.ShuttingDown => true,
            _ when status >= 500 => false,
            _ => null,
        };
        return new OpenAIFailure(status, new OpenAIErrorDetail(error.Message, type, field is null ? null : ParamFor(field), code), error.RetryAfter, shouldRetry);
    }

    /// <summary>
    /// The <c>/v1</c> status of each <see cref="RefusalKind"/>. OpenAI's own are the seed API's (400, 404, 422, 429, 503;
    /// 507 for a full disk), so it takes <see cref="Api.Generate.SeedRefusalStatus"/>'s table rather than a copy of it.
    /// </summary>
    public static int StatusOf(RefusalKind kind) => Api.Generate.SeedRefusalStatus.Of(kind);

    /// <summary>An upload <see cref="ImageInputReader"/> refused (too large: 413, not an image: 400), named by its form field.</summary>
    public static OpenAIFailure FromImageInput(string param, ImageInputError error) =>
        new(error.Status, new OpenAIErrorDetail($"{param}: {error.Message}", error.Status >= 500 ? ServerError : InvalidRequest, param, error.Code));

    /// <summary>
    /// A job that ended without images. A failed job is final: the supervisor has already requeued it as often as a
    /// worker failure allows (<c>MaxAttempts</c>), so the same request again fails again (out of memory at that size, a
    /// model that does not load, a poison request). 422 is retried by no SDK. A cancelled job was cancelled by someone
    /// (409, not retried by .NET, and the header stops the others).
    /// </summary>
    public static OpenAIFailure FromFinishedJob(Job job) => job.Status switch
    {
        JobStatus.Failed => new(StatusCodes.Status422UnprocessableEntity, new OpenAIErrorDetail(
            $"Image generation failed: {job.Error?.Message ?? "the worker reported no reason"} (job {job.Id}).", ServerError, null,
            job.Error is null ? "generation_failed" : Api.ApiJson.Name(job.Error.Kind.ToString())), ShouldRetry: false),
        JobStatus.Cancelled => new(StatusCodes.Status409Conflict, new OpenAIErrorDetail(
            $"The image job {job.Id} was cancelled before it finished.", InvalidRequest, null, "cancelled"), ShouldRetry: false),
        _ => Server($"The image job {job.Id} ended '{job.Status}' without images.", "no_images"),
    };

    /// <summary>The OpenAI parameter a seed-API field name came from; fields OpenAI lacks (our extensions) keep their name.</summary>
    public static string ParamFor(string seedField)
    {
        var root = seedField.Split('.', '[')[0];
        return ParamsBySeedField.GetValueOrDefault(root, root);
    }
}
