using FastEndpoints;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed record ClearQueueResponse(int Cleared);

/// <summary><c>POST /api/queue/clear</c>: cancels every queued job; running jobs are left alone.</summary>
public sealed class ClearQueueEndpoint(JobService jobs) : EndpointWithoutRequest<ClearQueueResponse>
{
    public override void Configure()
    {
        Post("/queue/clear");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Cancel all queued jobs");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(new ClearQueueResponse(await jobs.ClearQueueAsync(ct)), ct);
}
