using System.Text.Json;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Numbers every server event, keeps the last <see cref="EventsOptions.RetainedEvents"/> for resumption and hands
/// each one to the live subscribers. Publishing never throws and never waits on a client: it takes one short lock
/// (so ids, the ring and every subscriber see the same order) and only <c>TryWrite</c>s into bounded queues.
/// Ids start from the clock (Unix milliseconds × 1000) so that ids from before a restart read as older than
/// anything this process has, and a client resuming across a restart gets a <c>reset</c> instead of wrong events.
/// </summary>
public sealed class EventJournal
{
    private readonly Lock _lock = new();
    private readonly EventRing _ring;
    private readonly int _subscriberQueue;
    private readonly ILogger<EventJournal> _logger;
    private readonly long _firstId;
    private long _nextId;
    private EventSubscription[] _subscribers = [];

    public EventJournal(IOptions<EventsOptions> options, TimeProvider time, ILogger<EventJournal> logger)
        : this(options.Value, Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds()) * 1000, logger)
    {
    }

    /// <summary>For tests: ids start at <paramref name="firstId"/>.</summary>
    public EventJournal(EventsOptions options, long firstId, ILogger<EventJournal> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstId, 1);
        _ring = new EventRing(options.RetainedEvents);
        _subscriberQueue = options.SubscriberQueue;
        _logger = logger;
        _firstId = firstId;
        _nextId = firstId;
    }

    /// <summary>The id the next event will get.</summary>
    public long NextId
    {
        get { lock (_lock) return _nextId; }
    }

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Journals an event and offers it to every subscriber; null (logged) if it could not be serialized.</summary>
    public ServerEvent? Publish(string type, string? jobId, DateTimeOffset at, object data)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Event {EventType} for job {JobId} could not be serialized; not published", type, jobId);
            return null;
        }

        List<EventSubscription>? overflowed = null;
        ServerEvent item;
        lock (_lock)
        {
            item = new ServerEvent(_nextId++, type, jobId, at, json);
            _ring.Add(item);
            foreach (var subscriber in _subscribers)
                if (!subscriber.Offer(item))
                    (overflowed ??= []).Add(subscriber);
            if (overflowed is not null)
                _subscribers = [.. _subscribers.Except(overflowed)];
        }

        if (overflowed is not null)
            foreach (var subscriber in overflowed)
                _logger.LogWarning("Event subscriber (job {JobId}, null for all events) fell {QueueLength} events behind and was disconnected; it can resume with Last-Event-ID",
                    subscriber.JobId, _subscriberQueue);
        return item;
    }

    /// <summary>
    /// Subscribes to live events (one job's, or all) and, atomically with it, takes the retained events after
    /// <paramref name="afterId"/> (none when null). Id 0 means "from the beginning". When events after that id have
    /// been evicted, or the id is not one of ours, <see cref="EventSubscription.ResetOldestId"/> is set and the
    /// replay is everything retained.
    /// </summary>
    public EventSubscription Subscribe(string? jobId, long? afterId)
    {
        var subscription = new EventSubscription(this, jobId, _subscriberQueue);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
            if (afterId is not { } after)
                return subscription;
            var oldest = _ring.Oldest?.Id ?? _nextId;
            var missed = after == 0 ? oldest > _firstId : after < oldest - 1 || after >= _nextId;
            if (missed)
            {
                subscription.ResetOldestId = oldest;
                subscription.Replay = _ring.After(oldest - 1, jobId);
            }
            else
            {
                subscription.Replay = _ring.After(after, jobId);
            }
        }
        return subscription;
    }

    /// <summary>The job's completed/failed/cancelled event, while it is still retained.</summary>
    public ServerEvent? FindFinal(string jobId)
    {
        lock (_lock)
            return _ring.FindLast(jobId, e => e.IsJobFinal);
    }

    internal void Unsubscribe(EventSubscription subscription)
    {
        lock (_lock)
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }
}
