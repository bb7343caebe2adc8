using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Sync;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// A1111's synchronous txt2img/img2img: read the input images, map the request, submit through the shared
/// <see cref="GenerationService"/>, wait (<see cref="SupervisorOptions.SyncWaitSeconds"/>), and answer with the images.
/// A job stopped by <c>/sdapi/v1/interrupt</c> answers 200 with the images it finished (none, usually) and
/// <c>info.interrupted</c>; a failed job answers 500; one still running at the deadline 504 (it keeps running).
/// The submit and wait are <see cref="SubmitAndWait"/>'s (family <see cref="SyncFamily.A1111"/>: a client that hangs up
/// leaves the job running unless <c>Sds:Sync:OnDisconnect</c> is <c>Cancel</c>).
/// </summary>
public sealed class A1111GenerationRunner(
    GenerationService generation,
    SubmitAndWait submitAndWait,
    ImageInputReader images,
    A1111ModelNames modelNames,
    IOptions<SupervisorOptions> options,
    ILogger<A1111GenerationRunner> logger)
{
    public async Task<A1111Result<A1111GenerationResponse>> RunAsync<T>(A1111Body<T> body, CancellationToken cancellationToken) where T : A1111GenerationRequest
    {
        DecodedImage? init = null, mask = null;
        if (body.Request is A1111Img2ImgRequest img2img)
        {
            if (img2img.InitImages?.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i)) is { } initValue)
            {
                var read = await images.ReadAsync(initValue, cancellationToken);
                if (!read.Accepted)
                    return A1111Result<A1111GenerationResponse>.Fail(A1111Errors.FromImageError("init_images", read.Error!));
                init = read.Image;
            }
            if (!string.IsNullOrWhiteSpace(img2img.Mask))
            {
                var read = await images.ReadAsync(img2img.Mask, cancellationToken);
                if (!read.Accepted)
                    return A1111Result<A1111GenerationResponse>.Fail(A1111Errors.FromImageError("mask", read.Error!));
                mask = read.Image;
            }
        }

        var (draft, mapFailure) = A1111DraftMapper.Map(body.Request, init, mask);
        if (mapFailure is not null)
            return A1111Result<A1111GenerationResponse>.Fail(mapFailure);

        logger.LogInformation("A1111 {JobType} request: submitting and waiting", JobJson.EnumName(draft!.Type));
        var wait = TimeSpan.FromSeconds(options.Value.SyncWaitSeconds);
        Job job;
        switch (await submitAndWait.RunAsync(draft, wait, SyncFamily.A1111, cancellationToken))
        {
            case SyncOutcome.Refused refused:
                return A1111Result<A1111GenerationResponse>.Fail(A1111Errors.FromSubmitError(refused.Error));
            case SyncOutcome.Pending pending:
                return A1111Result<A1111GenerationResponse>.Fail(A1111Errors.Timeout(pending.Job.Job.Id, wait));
            case SyncOutcome.Failed { Job.Job.Status: JobStatus.Failed } failed:
                return A1111Result<A1111GenerationResponse>.Fail(A1111Errors.JobFailed(failed.Job.Job));
            case SyncOutcome.Failed interrupted:
                // Cancelled (by /sdapi/v1/interrupt, usually): 200 with what it finished and info.interrupted.
                job = interrupted.Job.Job;
                break;
            case SyncOutcome.Completed completed:
                job = completed.Job.Job;
                break;
            default:
                throw new InvalidOperationException("unhandled sync outcome");
        }
        logger.LogInformation("A1111 {JobType} job {JobId} ended {JobStatus}", JobJson.EnumName(job.Type), job.Id, job.Status);

        var stored = job.Outputs.Count == 0 ? [] : await generation.ReadImagesAsync(job, cancellationToken);
        var (modelName, modelHash) = modelNames.Describe(job.RequestAs<GenerationParameters>().Model);
        var info = A1111InfoBuilder.Build(body.Request, job, stored, modelName, modelHash, A1111Version.Text);
        var sendImages = body.Request.SendImages ?? true;
        return A1111Result<A1111GenerationResponse>.Ok(new A1111GenerationResponse(
            sendImages ? stored.Select(i => Convert.ToBase64String(i.Png)).ToList() : [],
            EchoedParameters(body),
            A1111InfoBuilder.Serialize(info)));
    }

    /// <summary>The request as received, without the input images (as A1111 does: echoing megabytes of base64 helps nobody).</summary>
    private static System.Text.Json.Nodes.JsonObject EchoedParameters<T>(A1111Body<T> body)
    {
        var echoed = (System.Text.Json.Nodes.JsonObject)body.Raw.DeepClone();
        foreach (var key in new[] { "init_images", "mask" })
            if (echoed.ContainsKey(key))
                echoed[key] = null;
        return echoed;
    }
}
