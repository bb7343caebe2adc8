using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Sync;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// OpenAI's synchronous images calls over the job queue: submit through <see cref="GenerationService"/> (the same
/// checks as every API), wait up to <see cref="SupervisorOptions.SyncWaitSeconds"/>, and answer the finished job's
/// images inline or as URLs. The submit and wait are <see cref="SubmitAndWait"/>'s (family <see cref="SyncFamily.OpenAI"/>):
/// a client that hangs up while waiting cancels its job, so no GPU works for nobody, unless <c>Sds:Sync:OnDisconnect</c>
/// is <c>Keep</c>.
/// </summary>
public sealed class OpenAIImageService(
    GenerationService generation,
    SubmitAndWait submitAndWait,
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
        logger.LogInformation("OpenAI {JobType} request: {Count} image(s), {Width}x{Height}; submitting and waiting",
            draft.Type, draft.Parameters.BatchCount, draft.Parameters.Width, draft.Parameters.Height);
        var wait = TimeSpan.FromSeconds(options.Value.SyncWaitSeconds);
        JobSnapshot finished;
        switch (await submitAndWait.RunAsync(draft, wait, SyncFamily.OpenAI, cancellationToken))
        {
            case SyncOutcome.Refused refused:
                return OpenAIErrors.FromSubmitError(refused.Error);
            case SyncOutcome.Pending { Lost: true } lost:
                // Deleted while the client waited (DELETE /api/queue/job/{id}): gone for good, so a 404 no SDK retries.
                return OpenAIErrors.NotFound($"The image job {lost.Job.Job.Id} was deleted while waiting for it.", code: "job_lost");
            case SyncOutcome.Pending pending:
                return OpenAIErrors.Timeout(pending.Job.Job.Id, wait);
            case SyncOutcome.Failed failed:
                return OpenAIErrors.FromFinishedJob(failed.Job.Job);
            case SyncOutcome.Completed completed:
                finished = completed.Job;
                break;
            default:
                throw new InvalidOperationException("unhandled sync outcome");
        }
        var jobId = finished.Job.Id;

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
