using System.Threading.Channels;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// One client's view of the journal: what it missed (<see cref="Replay"/>, taken atomically with the subscription,
/// so replay plus live has no gap and no duplicate) and a bounded queue of what happens next. The journal only ever
/// <c>TryWrite</c>s into it, so a slow client never slows the job path: its progress events are skipped first
/// (a later progress or the final event supersedes them), and when even lifecycle events no longer fit it is
/// completed as <see cref="Overflowed"/> and the client has to reconnect with <c>Last-Event-ID</c>.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventJournal _journal;
    private readonly Channel<ServerEvent> _channel;
    private readonly int _progressLimit;
    private int _skippedProgress;

    internal EventSubscription(EventJournal journal, string? jobId, int capacity)
    {
        _journal = journal;
        JobId = jobId;
        _channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Progress stops a quarter short of full, so lifecycle events (the final one above all) still fit.
        _progressLimit = capacity - Math.Max(4, capacity / 4);
    }

    /// <summary>Only this job's events, or every event when null.</summary>
    public string? JobId { get; }

    /// <summary>Retained events after the requested id, oldest first; empty when none was requested.</summary>
    public IReadOnlyList<ServerEvent> Replay { get; internal set; } = [];

    /// <summary>Set when the requested id is no longer (or never was) in the journal: the oldest id that is.</summary>
    public long? ResetOldestId { get; internal set; }

    public ChannelReader<ServerEvent> Reader => _channel.Reader;

    /// <summary>The client fell too far behind and was cut off; it resumes with <c>Last-Event-ID</c>.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Progress events skipped because the client was behind.</summary>
    public int SkippedProgress => Volatile.Read(ref _skippedProgress);

    /// <summary>Hands an event over without waiting; false when the subscription overflowed and must be dropped.</summary>
    internal bool Offer(ServerEvent item)
    {
        if (Overflowed)
            return false;
        if (JobId is not null && item.JobId != JobId)
            return true;
        if (ServerEventTypes.IsSkippable(item.Type) && _channel.Reader.Count >= _progressLimit)
        {
            Interlocked.Increment(ref _skippedProgress);
            return true;
        }
        if (_channel.Writer.TryWrite(item))
            return true;
        Overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        _journal.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
