using FastEndpoints;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed class GetJobRequest
{
    public string JobId { get; set; } = "";
}

/// <summary><c>GET /api/queue/job/{job_id}</c>: status, progress, failures and outputs of one job.</summary>
public sealed class GetJobEndpoint(JobService jobs) : Endpoint<GetJobRequest, JobResponse>
{
    public override void Configure()
    {
        Get("/queue/job/{jobId}");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get a job");
    }

    public override async Task HandleAsync(GetJobRequest req, CancellationToken ct)
    {
        var job = await jobs.GetAsync(req.JobId, ct);
        if (job is null)
        {
            await Send.ResultAsync(ApiResults.NotFound($"job '{req.JobId}' not found"));
            return;
        }
        if (JobAccess.Refusal(HttpContext, job.Job) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        await Send.OkAsync(job.ToResponse(), ct);
    }
}
