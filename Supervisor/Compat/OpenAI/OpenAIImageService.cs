using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// OpenAI's synchronous images calls over the job queue: submit through <see cref="GenerationService"/> (the same
/// checks as every API), wait up to <see cref="SupervisorOptions.SyncWaitSeconds"/>, and answer the finished job's
/// images inline or as URLs. A client that hangs up while waiting cancels its job, so no GPU works for nobody.
/// </summary>
public sealed class OpenAIImageService(
    GenerationService generation,
    JobService jobs,
    ModelCatalog catalog,
    DefaultModelSetting defaultModel,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<OpenAIImageService> logger)
{
    public async Task<OpenAIResult<OpenAIImagesResponse>> GenerateAsync(OpenAIImageRequest request, string baseUrl, CancellationToken cancellationToken)
    {
        var defaults = await RecommendedDefaultsAsync(request.Model, cancellationToken);
        var auto = OpenAIDraftBuilder.AutoSize(defaults);
        var size = request.Size ?? OpenAISizeParser.FitToLimits(auto.Width, auto.Height, options.Value.Limits);
        return await RunAsync(OpenAIDraftBuilder.Text2Img(request, size, defaults), request, baseUrl, cancellationToken);
    }

    /// <summary>An edit: <paramref name="mask"/> as uploaded (OpenAI style, transparent = edit), or null.</summary>
    public async Task<OpenAIResult<OpenAIImagesResponse>> EditAsync(
        OpenAIImageRequest request, DecodedImage image, DecodedImage? mask, string baseUrl, CancellationToken cancellationToken)
    {
        var defaults = await RecommendedDefaultsAsync(request.Model, cancellationToken);
        var size = request.Size ?? OpenAISizeParser.FitToLimits(image.Width, image.Height, options.Value.Limits);
        var repaintMask = OpenAIMaskConverter.RepaintMaskFor(image, mask);
        return await RunAsync(OpenAIDraftBuilder.Edit(request, size, defaults, image, repaintMask), request, baseUrl, cancellationToken);
    }

    private async Task<OpenAIResult<OpenAIImagesResponse>> RunAsync(
        GenerationDraft draft, OpenAIImageRequest request, string baseUrl, CancellationToken cancellationToken)
    {
        var submitted = await generation.SubmitAsync(draft, cancellationToken);
        if (!submitted.Accepted)
            return OpenAIErrors.FromSubmitError(submitted.Error!);
        var jobId = submitted.Job!.Job.Id;
        logger.LogInformation("OpenAI {JobType} request queued as job {JobId} ({Count} image(s), {Width}x{Height})",
            draft.Type, jobId, draft.Parameters.BatchCount, draft.Parameters.Width, draft.Parameters.Height);

        var wait = TimeSpan.FromSeconds(options.Value.SyncWaitSeconds);
        JobSnapshot? finished;
        try
        {
            finished = await generation.WaitAsync(jobId, wait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var outcome = await jobs.CancelAsync(jobId, CancellationToken.None);
            logger.LogInformation("The client of job {JobId} went away while waiting; cancel: {CancelOutcome}", jobId, outcome);
            throw;
        }

        if (finished is null)
            return OpenAIErrors.Server($"The image job {jobId} disappeared while waiting for it.", "job_lost");
        if (!finished.Job.IsFinished)
            return OpenAIErrors.Timeout(jobId, wait);
        if (finished.Job.Status != JobStatus.Completed)
            return OpenAIErrors.FromFinishedJob(finished.Job);

        var images = await generation.ReadImagesAsync(finished.Job, cancellationToken);
        if (images.Count == 0)
            return OpenAIErrors.Server($"The image job {jobId} completed without images.", "no_images");
        var data = images.Select(image => request.ResponseFormat == OpenAIResponseFormat.Url
                ? new OpenAIImageData(null, OpenAIImageUrls.For(baseUrl, jobId, image.Filename, request.Encoding))
                : new OpenAIImageData(Convert.ToBase64String(OpenAIImageEncoder.Encode(image.Png, request.Encoding)), null))
            .ToList();
        var first = images[0];
        return new OpenAIImagesResponse(time.GetUtcNow().ToUnixTimeSeconds(), data, request.Encoding.Name, new ImageSize(first.Width, first.Height).ToString());
    }

    /// <summary>The recommended settings of the model the request names (or of the default); null when it is not in the catalog.</summary>
    private async Task<RecommendedDefaults?> RecommendedDefaultsAsync(string? model, CancellationToken cancellationToken)
    {
        var reference = OpenAIModelNames.ToCatalogReference(model) ?? defaultModel.Current;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(reference);
        return lookup.Status == ModelLookupStatus.Found ? lookup.Entry!.Architecture.Defaults : null;
    }
}
