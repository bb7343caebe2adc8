using FastEndpoints;
using SdSupervised.Supervisor.Events;

namespace SdSupervised.Supervisor.Api.Events;

public sealed class JobEventsRequest
{
    public string JobId { get; set; } = "";
}

/// <summary>
/// <c>GET /api/queue/job/{job_id}/events</c>: one job's events as Server-Sent Events; the stream ends after its
/// completed, failed or cancelled event. A finished job gets that event at once; 204 when the client already has it.
/// </summary>
public sealed class JobEventsEndpoint(
    JobEventStreams streams, EventStreamer streamer, Supervisor.Jobs.JobService jobs, IHostApplicationLifetime lifetime, ILogger<JobEventsEndpoint> logger)
    : Endpoint<JobEventsRequest>
{
    public override void Configure()
    {
        Get("/queue/job/{jobId}/events");
        Description(b => b.Produces(StatusCodes.Status200OK, contentType: Hosting.Http.OpenApi.SuccessResponses.EventStream).Produces(StatusCodes.Status204NoContent));
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Stream one job's events (SSE)";
            s.Description = "Ends after the job's completed, failed or cancelled event. Send Last-Event-ID (or ?last_event_id=) to resume; " +
                            "0 replays the job's retained events. 204 when the job has finished and that id is its final event.";
        });
    }

    public override async Task HandleAsync(JobEventsRequest req, CancellationToken ct)
    {
        if (!LastEventId.TryRead(HttpContext.Request, out var lastEventId, out var error))
        {
            await Send.ResultAsync(ApiResults.BadRequest(error!));
            return;
        }
        if (await jobs.GetAsync(req.JobId, ct) is { } job && Api.Jobs.JobAccess.Refusal(HttpContext, job.Job) is { } refused)
        {
            await Send.ResultAsync(refused);
            return;
        }
        var opening = await streams.OpenAsync(req.JobId, lastEventId, ct);
        switch (opening.Outcome)
        {
            case JobEventStreamOutcome.NotFound:
                await Send.ResultAsync(ApiResults.NotFound($"job '{req.JobId}' not found"));
                return;
            case JobEventStreamOutcome.NothingNew:
                await Send.NoContentAsync(ct);
                return;
        }
        using var subscription = opening.Subscription!;
        await EventStreamResponse.RunAsync(HttpContext, streamer, subscription, lastEventId, endAtJobFinal: true, opening.KnownFinal, lifetime, logger);
    }
}
