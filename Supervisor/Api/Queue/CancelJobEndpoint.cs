using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed class CancelJobRequest
{
    public string? JobId { get; set; }
}

public sealed record CancelJobResponse(string JobId, string Status);

public sealed class CancelJobValidator : Validator<CancelJobRequest>
{
    public CancelJobValidator()
    {
        RuleFor(r => r.JobId).NotEmpty().WithMessage("job_id is required.");
    }
}

/// <summary><c>POST /api/queue/cancel</c>: a queued job is cancelled at once; a running one is stopped (then killed after the grace period).</summary>
public sealed class CancelJobEndpoint(JobService jobs) : Endpoint<CancelJobRequest, CancelJobResponse>
{
    public override void Configure()
    {
        Post("/queue/cancel");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Summary(s => s.Summary = "Cancel a job");
    }

    public override async Task HandleAsync(CancelJobRequest req, CancellationToken ct)
    {
        var id = req.JobId!;
        if (await jobs.GetAsync(id, ct) is { } existing && JobAccess.Refusal(HttpContext, existing.Job) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        switch (await jobs.CancelAsync(id, ct))
        {
            case CancelOutcome.Cancelled:
                await Send.OkAsync(new CancelJobResponse(id, "cancelled"), ct);
                break;
            case CancelOutcome.Cancelling:
                await Send.ResponseAsync(new CancelJobResponse(id, "cancelling"), StatusCodes.Status202Accepted, ct);
                break;
            case CancelOutcome.AlreadyFinished:
                await Send.ResultAsync(ApiResults.Conflict($"job '{id}' has already finished"));
                break;
            default:
                await Send.ResultAsync(ApiResults.NotFound($"job '{id}' not found"));
                break;
        }
    }
}
