using FastEndpoints;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Sync;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.V1;

/// <summary>
/// <c>POST /api/v1/generate</c>: queue a generation and wait for it (at most <c>timeout</c>, bounded by
/// <c>Sds:SyncWaitSeconds</c>). Finished: 200 with the images inline. Still running: 202 with the job id, to be
/// fetched with <c>GET /api/v1/generate/{job_id}</c>. A client that goes away leaves the job running, unless
/// <c>Sds:Sync:OnDisconnect</c> is <c>Cancel</c> (<see cref="SubmitAndWait"/>).
/// </summary>
public sealed class SyncGenerateEndpoint(GenerationService generation, SubmitAndWait submitAndWait, ImageInputReader images, IOptions<SupervisorOptions> options)
    : Endpoint<SyncGenerateRequest, SyncGenerateResponse>
{
    public override void Configure()
    {
        Post("/v1/generate");
        Description(b => b.Produces<SyncGenerateResponse>(StatusCodes.Status200OK).Produces<SyncGenerateResponse>(StatusCodes.Status202Accepted).WithMetadata(new Hosting.Http.OpenApi.SubmitsJobsMetadata(Waits: false)));
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Generate and wait for the images";
            s.Description = "text2img, or img2img with init_image, or inpainting with init_image and mask_image. 200 with base64 images when done within the wait; 202 with the job id otherwise.";
        });
    }

    public override async Task HandleAsync(SyncGenerateRequest req, CancellationToken ct)
    {
        var read = new RequestImages(images);
        if (!await read.ReadAsync("init_image", req.InitImage, ct) || !await read.ReadAsync("mask_image", req.MaskImage, ct))
        {
            var (field, error) = read.Failure!.Value;
            await Send.ResultAsync(SubmitResults.BadImage(field, error));
            return;
        }
        var maxWait = options.Value.SyncWaitSeconds;
        if (req.Timeout is { } timeout && (timeout < 1 || timeout > maxWait))
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, new SubmitError(RefusalKind.Invalid, "validation_failed",
                $"timeout: timeout must be between 1 and {maxWait} seconds (Sds:SyncWaitSeconds).",
                new Dictionary<string, string[]> { ["timeout"] = [$"timeout must be between 1 and {maxWait} seconds (Sds:SyncWaitSeconds)."] })));
            return;
        }
        var draft = await read.WithImageListsAsync(
            new GenerationDraft { Type = req.Mode, Parameters = req.ToParameters(), InitImage = read["init_image"], MaskImage = read["mask_image"] }, req, ct);
        if (draft is null)
        {
            var (field, error) = read.Failure!.Value;
            await Send.ResultAsync(SubmitResults.BadImage(field, error));
            return;
        }
        var outcome = await submitAndWait.RunAsync(draft, TimeSpan.FromSeconds(req.Timeout ?? maxWait), SyncFamily.Seed, ct);
        JobSnapshot finished;
        switch (outcome)
        {
            case SyncOutcome.Refused refused:
                await Send.ResultAsync(SubmitResults.Refused(HttpContext, refused.Error));
                return;
            case SyncOutcome.Completed completed:
                finished = completed.Job;
                break;
            case SyncOutcome.Failed failed:
                finished = failed.Job;
                break;
            case SyncOutcome.Pending pending:
                // 202 with the job id (a lost job too: GET /api/v1/generate/{id} then says 404).
                finished = pending.Job;
                break;
            default:
                throw new InvalidOperationException($"unhandled sync outcome {outcome.GetType().Name}");
        }
        var (body, status) = await SyncGenerateAnswer.BuildAsync(generation, finished, ct);
        await Send.ResponseAsync(body with { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, status, ct);
    }
}
