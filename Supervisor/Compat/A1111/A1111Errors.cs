using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The <c>/sdapi</c> refusals. Bad input is 422, as FastAPI (and so A1111) answers a request it cannot use; the field
/// names are A1111's (the shared service names fields the seed API's way, e.g. <c>batch_count</c> for <c>batch_size</c>).
/// </summary>
public static class A1111Errors
{
    public const int Unprocessable = StatusCodes.Status422UnprocessableEntity;

    private static readonly Dictionary<string, string> A1111FieldBySeedField = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sampling_method"] = "sampler_name",
        ["batch_count"] = "batch_size",
        ["clip_skip"] = "override_settings.CLIP_stop_at_last_layers",
        ["model"] = "override_settings.sd_model_checkpoint",
        ["vae"] = "override_settings.sd_vae",
        ["strength"] = "denoising_strength",
        ["loras"] = "prompt",
        ["hires"] = "enable_hr",
        ["hires_scale"] = "hr_scale",
        ["hires_width"] = "hr_resize_x",
        ["hires_height"] = "hr_resize_y",
        ["hires_steps"] = "hr_second_pass_steps",
        ["hires_denoising_strength"] = "denoising_strength",
        ["hires_upscaler"] = "hr_upscaler",
        ["init_image"] = "init_images",
        ["source_image"] = "init_images",
        ["mask_image"] = "mask",
        ["esrgan_model"] = "upscaler_1",
        ["upscale_factor"] = "upscaling_resize",
    };

    /// <summary>Our batch is A1111's product of two fields; messages name both.</summary>
    private const string BatchLabel = "batch_size * n_iter";

    /// <summary>A1111's name for a field the shared service named.</summary>
    public static string A1111Field(string seedField) => A1111FieldBySeedField.GetValueOrDefault(seedField, seedField);

    public static A1111Failure Invalid(string field, string message) =>
        new(Unprocessable, "validation_failed", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });

    public static A1111Failure MalformedJson(string detail) =>
        new(Unprocessable, "malformed_json", $"The request body is not a JSON object this endpoint can read: {detail}");

    /// <summary>
    /// The <c>/sdapi</c> status of each <see cref="RefusalKind"/>, the one place that decides it: bad input is 422, as
    /// FastAPI answers; the others are the seed API's (429 with Retry-After, 503, 507).
    /// </summary>
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid or RefusalKind.Unprocessable or RefusalKind.NoCapableWorker => Unprocessable,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.QueueFull or RefusalKind.TooManyJobs => StatusCodes.Status429TooManyRequests,
        RefusalKind.ShuttingDown => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.StorageFull => StatusCodes.Status507InsufficientStorage,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a refusal kind without an A1111 status"),
    };

    /// <summary>A refusal from <see cref="GenerationService"/>: bad input names A1111's fields; 429 keeps Retry-After.</summary>
    public static A1111Failure FromSubmitError(SubmitError error)
    {
        if (error.Kind != RefusalKind.Invalid)
            return new A1111Failure(StatusOf(error.Kind), error.Code, error.Message, error.Errors, error.RetryAfter);
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, messages) in error.Errors ?? new Dictionary<string, string[]>())
        {
            var name = A1111Field(field);
            var label = field == "batch_count" ? BatchLabel : name;
            // Shared messages may start with the seed API's field name ("batch_count must be ..."): say A1111's. Only
            // identifiers (with '_') are renamed; "model 'x' is not in the catalog" starts with a word, not a field.
            var renamed = messages.Select(m => field.Contains('_') && m.StartsWith(field + " ", StringComparison.Ordinal) ? label + m[field.Length..] : m).ToArray();
            errors[name] = errors.TryGetValue(name, out var existing) ? [.. existing, .. renamed] : renamed;
        }
        var message = errors.Count == 0 ? error.Message : string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return new A1111Failure(Unprocessable, error.Code, message, errors.Count == 0 ? null : errors);
    }

    /// <summary>An input image that could not be read (bad base64, not an image, too large): its own status, A1111's field.</summary>
    public static A1111Failure FromImageError(string field, ImageInputError error) =>
        new(error.Status is StatusCodes.Status400BadRequest ? Unprocessable : error.Status, error.Code, $"{field}: {error.Message}",
            new Dictionary<string, string[]> { [field] = [error.Message] });

    /// <summary>The job failed: a server-side failure, as A1111 answers an exception during generation.</summary>
    public static A1111Failure JobFailed(Job job) =>
        new(StatusCodes.Status500InternalServerError, job.Error is null ? "generation_failed" : JobJson.EnumName(job.Error.Kind),
            $"job {job.Id} failed: {job.Error?.Message ?? "no reason was recorded"}");

    /// <summary>A job that did not finish within the synchronous wait: it keeps running under its id.</summary>
    public static A1111Failure Timeout(string jobId, TimeSpan waited) =>
        new(StatusCodes.Status504GatewayTimeout, "timeout",
            $"job {jobId} did not finish within {waited.TotalSeconds:0} s (Sds:SyncWaitSeconds); it keeps running: GET /api/queue/job/{jobId} shows it.");
}
