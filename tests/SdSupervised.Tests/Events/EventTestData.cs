using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Events;

/// <summary>Journals and jobs for the event tests.</summary>
internal static class EventTestData
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static EventJournal Journal(int retained = 64, int subscriberQueue = 64, long firstId = 1) =>
        new(new EventsOptions { RetainedEvents = retained, SubscriberQueue = subscriberQueue }, firstId, NullLogger<EventJournal>.Instance);

    public static ServerEvent PublishFor(this EventJournal journal, string jobId, string type = ServerEventTypes.Progress) =>
        journal.Publish(type, jobId, T0, new { JobId = jobId })!;

    public static Job Job(string id, JobStatus status = JobStatus.Queued) => new()
    {
        Id = id,
        Status = status,
        Request = new GenerationParameters(),
        CreatedAt = T0,
    };

    public static List<ServerEvent> Drain(this EventSubscription subscription)
    {
        var items = new List<ServerEvent>();
        while (subscription.Reader.TryRead(out var item))
            items.Add(item);
        return items;
    }

    public static JsonNode DataOf(ServerEvent item) => JsonNode.Parse(item.Data)!;
}
