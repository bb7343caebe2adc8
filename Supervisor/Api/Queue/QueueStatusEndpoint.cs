using FastEndpoints;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed record QueueStatusResponse(int Queued, int Running, IReadOnlyList<QueueEntryResponse> Jobs);

public sealed record QueueEntryResponse(string JobId, JobStatus Status, int? Position, string? WorkerId, ProgressResponse? Progress);

/// <summary><c>GET /api/queue/status</c>: counts and the active jobs, from memory (cheap under many pollers).</summary>
public sealed class QueueStatusEndpoint(JobService jobs) : EndpointWithoutRequest<QueueStatusResponse>
{
    public override void Configure()
    {
        Get("/queue/status");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Queue status");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var queue = jobs.GetQueue();
        var entries = queue.Jobs.Select(j => j.ToResponse())
            .Select(j => new QueueEntryResponse(j.JobId, j.Status, j.Position, j.Status == JobStatus.Running ? j.WorkerId : null, j.Progress))
            .ToList();
        return Send.OkAsync(new QueueStatusResponse(queue.Queued, queue.Running, entries), ct);
    }
}
