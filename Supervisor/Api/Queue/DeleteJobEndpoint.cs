using FastEndpoints;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed class DeleteJobRequest
{
    public string JobId { get; set; } = "";
}

/// <summary>The deleted job's id and final status, and the bytes its outputs and inputs took.</summary>
public sealed record DeleteJobResponse(string JobId, JobStatus Status, long FreedBytes, long OutputBytes, long InputBytes);

/// <summary>
/// <c>DELETE /api/queue/job/{job_id}</c>: deletes a finished job, its outputs and its inputs (what retention does to old
/// jobs). 404 for an unknown id; 409 <c>job_active</c> for a queued or running job, which must be cancelled first.
/// </summary>
public sealed class DeleteJobEndpoint(JobDeletion deletion, JobService jobs) : Endpoint<DeleteJobRequest, DeleteJobResponse>
{
    public override void Configure()
    {
        Delete("/queue/job/{jobId}");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Delete a finished job and its files";
            s.Description = "200 with the bytes freed; 404 when no job has that id; 409 job_active while it is queued or running (cancel it first).";
        });
    }

    public override async Task HandleAsync(DeleteJobRequest req, CancellationToken ct)
    {
        if (await jobs.GetAsync(req.JobId, ct) is { } existing && JobAccess.Refusal(HttpContext, existing.Job) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var result = await deletion.DeleteAsync(req.JobId, ct);
        switch (result.Outcome)
        {
            case JobDeletionOutcome.Deleted:
                await Send.OkAsync(new DeleteJobResponse(req.JobId, result.Job!.Status, result.FreedBytes, result.OutputBytes, result.InputBytes), ct);
                break;
            case JobDeletionOutcome.Active:
                await Send.ResultAsync(ApiResults.Error(StatusCodes.Status409Conflict, "job_active",
                    $"job '{req.JobId}' is {JobJson.EnumName(result.Job!.Status)}: cancel it first (POST /api/queue/cancel), then delete it once it has finished."));
                break;
            default:
                await Send.ResultAsync(ApiResults.NotFound($"job '{req.JobId}' not found"));
                break;
        }
    }
}
