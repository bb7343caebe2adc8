using FastEndpoints;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.V1;

/// <summary><c>GET /api/v1/generate/{job_id}</c>: the synchronous call's answer for a job, at once (200 finished, 202 not yet).</summary>
public sealed class SyncGenerateResultEndpoint(GenerationService generation, JobService jobs) : Endpoint<SyncGenerateLookup, SyncGenerateResponse>
{
    public override void Configure()
    {
        Get("/v1/generate/{jobId}");
        Description(b => b.Produces<SyncGenerateResponse>(StatusCodes.Status200OK).Produces<SyncGenerateResponse>(StatusCodes.Status202Accepted));
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get a generation's images (200 when finished, 202 while queued or running)");
    }

    public override async Task HandleAsync(SyncGenerateLookup req, CancellationToken ct)
    {
        if (await jobs.GetAsync(req.JobId, ct) is not { } snapshot)
        {
            await Send.ResultAsync(ApiResults.NotFound($"job '{req.JobId}' not found"));
            return;
        }
        if (Jobs.JobAccess.Refusal(HttpContext, snapshot.Job) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var (body, status) = await SyncGenerateAnswer.BuildAsync(generation, snapshot, ct);
        await Send.ResponseAsync(body, status, ct);
    }
}
