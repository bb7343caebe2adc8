using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed record ClearQueueResponse(int Cleared);

/// <summary><c>POST /api/queue/clear</c>: cancels every queued job (a user's: their own); running jobs are left alone.</summary>
public sealed class ClearQueueEndpoint(JobService jobs) : EndpointWithoutRequest<ClearQueueResponse>
{
    public override void Configure()
    {
        Post("/queue/clear");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Cancel all queued jobs");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var principal = HttpContext.Principal()!;
        await Send.OkAsync(new ClearQueueResponse(await jobs.ClearQueueAsync(job => principal.MayTouch(job.Owner), ct)), ct);
    }
}
