using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Sync;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>POST /sdapi/v1/extra-single-image</c> body: the fields honoured (face restoration, second upscaler, ... are ignored).</summary>
public sealed class A1111ExtrasRequest
{
    [JsonPropertyName("image")] public string? Image { get; set; }
    [JsonPropertyName("upscaler_1")] public string? Upscaler1 { get; set; }
    [JsonPropertyName("upscaling_resize")] public float? UpscalingResize { get; set; }
}

/// <summary>A1111's answer: the upscaled PNG as base64 and a line describing what was done.</summary>
public sealed record A1111ExtrasResponse(
    [property: JsonPropertyName("html_info")] string HtmlInfo,
    [property: JsonPropertyName("image")] string Image)
{
    /// <summary>Body fields this server does not read; absent when none.</summary>
    [JsonPropertyName("ignored_fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }
}

/// <summary>
/// A1111's "extras" upscale. An ESRGAN model (by the name <c>/sdapi/v1/upscalers</c> lists) runs as an upscale job on
/// a worker; "None", "Lanczos" and "Nearest" are a plain resize done here (a high-quality resample for all three).
/// The ESRGAN factor is <c>upscaling_resize</c> rounded to a whole number, as the models scale by whole factors.
/// </summary>
public sealed class A1111Extras(GenerationService generation, SubmitAndWait submitAndWait, ImageInputReader images, IOptions<SupervisorOptions> options, ILogger<A1111Extras> logger)
{
    private static readonly string[] PlainResizers = ["None", "Lanczos", "Nearest"];

    public async Task<A1111Result<A1111ExtrasResponse>> UpscaleAsync(A1111ExtrasRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Image))
            return Fail(A1111Errors.Invalid("image", "image is required: the picture to upscale, base64 or a data URL."));
        var factor = request.UpscalingResize ?? A1111Defaults.UpscalingResize;
        if (!float.IsFinite(factor) || factor is < 1 or > GenerationService.MaxUpscaleFactor)
            return Fail(A1111Errors.Invalid("upscaling_resize", $"upscaling_resize must be between 1 and {GenerationService.MaxUpscaleFactor} (got {factor})."));
        var read = await images.ReadAsync(request.Image, cancellationToken);
        if (!read.Accepted)
            return Fail(A1111Errors.FromImageError("image", read.Error!));
        var image = read.Image!;

        var upscaler = string.IsNullOrWhiteSpace(request.Upscaler1) ? "None" : request.Upscaler1.Trim();
        if (PlainResizers.FirstOrDefault(n => n.Equals(upscaler, StringComparison.OrdinalIgnoreCase)) is { } resizer)
            return Resize(image, factor, resizer);
        if (upscaler.StartsWith("Latent", StringComparison.OrdinalIgnoreCase))
            return Fail(A1111Errors.Invalid("upscaler_1", $"'{upscaler}' works on latents, so only in a hires pass (hr_upscaler); use an ESRGAN model or Lanczos here."));

        var whole = (int)Math.Round(factor, MidpointRounding.AwayFromZero);
        logger.LogInformation("A1111 extras upscale ({Upscaler}, x{Factor}): submitting and waiting", upscaler, whole);
        var wait = TimeSpan.FromSeconds(options.Value.SyncWaitSeconds);
        var outcome = await submitAndWait.RunAsync(new GenerationDraft
        {
            Type = JobType.Upscale,
            UpscaleImage = image,
            EsrganModel = upscaler,
            UpscaleFactor = whole,
        }, wait, SyncFamily.A1111, cancellationToken);
        JobSnapshot finished;
        switch (outcome)
        {
            case SyncOutcome.Refused refused:
                return Fail(A1111Errors.FromSubmitError(refused.Error));
            case SyncOutcome.Pending pending:
                return Fail(A1111Errors.Timeout(pending.Job.Job.Id, wait));
            case SyncOutcome.Failed { Job.Job.Status: JobStatus.Failed } failed:
                return Fail(A1111Errors.JobFailed(failed.Job.Job));
            case SyncOutcome.Failed cancelled:
                return Fail(new A1111Failure(StatusCodes.Status409Conflict, "cancelled", $"upscale job {cancelled.Job.Job.Id} was cancelled before it finished."));
            case SyncOutcome.Completed completed:
                finished = completed.Job;
                break;
            default:
                throw new InvalidOperationException("unhandled sync outcome");
        }
        var jobId = finished.Job.Id;
        var stored = await generation.ReadImagesAsync(finished.Job, cancellationToken);
        if (stored.Count == 0)
            return Fail(new A1111Failure(StatusCodes.Status500InternalServerError, "no_output", $"upscale job {jobId} completed without an image."));
        var result = stored[0];
        return A1111Result<A1111ExtrasResponse>.Ok(new A1111ExtrasResponse(
            $"Upscale: {whole}, Upscaler: {upscaler}, Size: {result.Width}x{result.Height}", Convert.ToBase64String(result.Png)));
    }

    private static A1111Result<A1111ExtrasResponse> Resize(DecodedImage image, float factor, string resizer)
    {
        var width = (int)Math.Round(image.Width * factor);
        var height = (int)Math.Round(image.Height * factor);
        if (Math.Max(width, height) > GenerationService.MaxUpscaleEdge)
            return Fail(A1111Errors.Invalid("upscaling_resize", $"a {image.Width}x{image.Height} image resized {factor}x would be larger than {GenerationService.MaxUpscaleEdge} px per edge."));
        var resized = width == image.Width && height == image.Height ? image : ImageCodec.Resize(image, width, height);
        return A1111Result<A1111ExtrasResponse>.Ok(new A1111ExtrasResponse(
            $"Upscale: {factor}, Upscaler: {resizer}, Size: {width}x{height}", Convert.ToBase64String(ImageCodec.Encode(resized, ImageFormat.Png))));
    }

    private static A1111Result<A1111ExtrasResponse> Fail(A1111Failure failure) => A1111Result<A1111ExtrasResponse>.Fail(failure);
}
