using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>
/// <c>GET /queue/status</c>, outside <c>/sdapi/v1</c> because Gradio serves it at the root: some A1111 clients call it
/// first to see whether the WebUI is up. Public, like <c>/api/health</c>: it tells a count, nothing about the jobs.
/// </summary>
public sealed class GradioQueueStatusEndpoint(JobService jobs) : EndpointWithoutRequest<GradioQueueStatus>
{
    public override void Configure()
    {
        Get("/queue/status");
        AllowAnonymous();
        Summary(s => s.Summary = "Gradio queue status (AUTOMATIC1111 clients probe it)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new GradioQueueStatus(jobs.GetQueue().Queued), ct);
}
