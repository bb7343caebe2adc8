using FastEndpoints;
using SdSupervised.Supervisor.Events;

namespace SdSupervised.Supervisor.Api.Events;

/// <summary><c>GET /api/events</c>: every job and worker event as Server-Sent Events, resumable with Last-Event-ID.</summary>
public sealed class EventsEndpoint(EventJournal journal, EventStreamer streamer, IHostApplicationLifetime lifetime, ILogger<EventsEndpoint> logger)
    : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/events");
        Description(b => b.Produces(StatusCodes.Status200OK, contentType: Hosting.Http.OpenApi.SuccessResponses.EventStream));
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Stream all server events (SSE)";
            s.Description = "text/event-stream of queued, started, progress, requeued, completed, failed, cancelled and worker events. " +
                            "Send Last-Event-ID (or ?last_event_id=) to resume; 0 replays everything retained.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (!LastEventId.TryRead(HttpContext.Request, out var lastEventId, out var error))
        {
            await Send.ResultAsync(ApiResults.BadRequest(error!));
            return;
        }
        using var subscription = journal.Subscribe(null, lastEventId);
        await EventStreamResponse.RunAsync(HttpContext, streamer, subscription, lastEventId, endAtJobFinal: false, knownFinal: null, lifetime, logger);
    }
}
