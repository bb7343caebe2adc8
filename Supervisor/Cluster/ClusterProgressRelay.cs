using System.Collections.Concurrent;
using System.Threading.Channels;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// Tells the other nodes the steps of the jobs this node runs, through NOTIFY (PostgreSQL store only), so GET and SSE
/// on any node show a running job's progress. At most one notification per job every <see cref="MinInterval"/> (4 a
/// second), a few dozen bytes each, never a preview image (payloads are limited to 8000 bytes, and previews are large).
/// Fire and forget: a lost step is replaced by the next one, and no job waits for the database here. Progress is not
/// written to the jobs table: a row update per step would churn the queue's table for a value nobody needs durably.
/// </summary>
public sealed class ClusterProgressRelay(PostgresJobStore store, TimeProvider time, ILogger<ClusterProgressRelay> logger) : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, long> _lastSent = new(StringComparer.Ordinal);

    /// <summary>Bounded: when the database is slow, the oldest steps go first (a newer one supersedes them anyway).</summary>
    private readonly Channel<ClusterNotification> _outbox = Channel.CreateBounded<ClusterNotification>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>A step of a job; relayed when this node runs the job and the job's last relay is old enough.</summary>
    public void Offer(Job job, JobProgress progress)
    {
        if (!store.Holds(job.Id))
            return;
        var now = time.GetTimestamp();
        if (_lastSent.TryGetValue(job.Id, out var last) && time.GetElapsedTime(last, now) < MinInterval)
            return;
        _lastSent[job.Id] = now;
        _outbox.Writer.TryWrite(new ClusterNotification(ClusterNotificationKind.Progress, job.Id, store.NodeId, ClusterProgress.Format(progress)));
    }

    /// <summary>The job's attempt ended here: its throttle goes.</summary>
    public void Forget(string id) => _lastSent.TryRemove(id, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _outbox.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await store.NotifyAsync(notification, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogDebug(ex, "Progress of job {JobId} not relayed to the other nodes", notification.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
