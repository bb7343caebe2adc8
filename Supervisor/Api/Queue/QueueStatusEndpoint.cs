using System.Text.Json;
using FastEndpoints;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed record QueueStatusResponse(int Queued, int Running, IReadOnlyList<QueueEntryResponse> Jobs);

/// <param name="Owner">Who submitted it; shown to admins and for the caller's own jobs, null for other users' jobs (whose previews are left out too).</param>
public sealed record QueueEntryResponse(string JobId, JobStatus Status, int? Position, string? WorkerId, ProgressResponse? Progress, string? Owner);

/// <summary>
/// <c>GET /api/queue/status</c>: counts and the active jobs, from memory (cheap under many pollers). Everyone sees every job's
/// place (it is their wait too), but no prompt, and only their own jobs' owner and preview.
/// </summary>
public sealed class QueueStatusEndpoint(JobService jobs) : EndpointWithoutRequest<QueueStatusResponse>
{
    public override void Configure()
    {
        Get("/queue/status");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Queue status";
            s.Responses[304] = "Unchanged since the ETag sent in If-None-Match";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var queue = jobs.GetQueue();
        var principal = HttpContext.Principal()!;
        var entries = queue.Jobs.Select(j => (Mine: principal.MayTouch(j.Job.Owner), View: j.ToResponse()))
            .Select(e => new QueueEntryResponse(e.View.JobId, e.View.Status, e.View.Position, e.View.Status == JobStatus.Running ? e.View.WorkerId : null,
                e.Mine ? e.View.Progress : e.View.Progress is { } p ? p with { Preview = null } : null, e.Mine ? e.View.Owner : null))
            .ToList();
        // What a caller sees depends on who it is (owners, previews), so the tag is of this caller's bytes: it spares
        // the poller the body, not the server the serialisation.
        var json = JsonSerializer.SerializeToUtf8Bytes(new QueueStatusResponse(queue.Queued, queue.Running, entries), ApiJson.Options);
        if (EntityTags.NotModified(HttpContext, EntityTags.Of(json)))
        {
            await Send.StatusCodeAsync(StatusCodes.Status304NotModified, ct);
            return;
        }
        await Send.BytesAsync(json, contentType: "application/json; charset=utf-8", cancellation: ct);
    }
}
