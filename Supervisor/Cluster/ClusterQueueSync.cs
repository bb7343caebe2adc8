using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// Keeps this node's in-memory queue in step with the shared PostgreSQL queue (PostgreSQL store only). Through
/// LISTEN: a job queued by another node is queued here too (read from the store), a job another node claimed leaves
/// this queue, a cancel for a job running here stops it, and another node's writes feed this node's event stream, so
/// SSE on any node follows every job, the steps of jobs running elsewhere included (<see cref="RemoteJobProgress"/>).
/// Worker commands other nodes wrote for this node's workers run here (<see cref="WorkerCommandExecutor"/>), and the
/// results of the ones this node sent wake their callers. Every <see cref="ClusterOptions.PollSeconds"/>: takes back
/// the jobs of nodes whose leases expired (<see cref="PostgresJobStore.ExpireLeasesAsync"/>), re-reads the queue and
/// runs pending worker commands, in case a notification was missed.
/// </summary>
public sealed class ClusterQueueSync(
    PostgresJobStore store,
    JobQueue queue,
    SchedulerSignal signal,
    IJobEvents events,
    RemoteJobProgress remote,
    WorkerCommandExecutor commands,
    RemoteWorkerCommands sent,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<ClusterQueueSync> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenLoopAsync(stoppingToken), PollLoopAsync(stoppingToken));

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var notification in store.ListenAsync(stoppingToken))
                    await HandleAsync(notification, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Node {NodeId} lost its LISTEN connection; polling covers the gap, listening again in 1 s", store.NodeId);
                await DelayAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task PollLoopAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.Cluster.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var taken = await store.ExpireLeasesAsync(options.Value.Resilience.MaxAttempts, stoppingToken);
                if (taken > 0)
                    logger.LogWarning("Node {NodeId} took back {JobCount} job(s) of node(s) whose lease expired", store.NodeId, taken);
                await ReconcileAsync(stoppingToken);
                await commands.RunPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Node {NodeId} could not reconcile its queue with the database; retrying", store.NodeId);
            }
            await DelayAsync(period, stoppingToken);
        }
    }

    private async Task HandleAsync(ClusterNotification notification, CancellationToken cancellationToken)
    {
        var fromHere = string.Equals(notification.NodeId, store.NodeId, StringComparison.Ordinal);
        switch (notification.Kind)
        {
            case ClusterNotificationKind.Cancel:
                if (fromHere && queue.Find(notification.JobId) is { } running)
                {
                    logger.LogInformation("Job {JobId} cancel requested on another node", notification.JobId);
                    running.RequestCancel();
                }
                return;
            case ClusterNotificationKind.Progress:
                if (!fromHere)
                    await ProgressAsync(notification, cancellationToken);
                return;
            case ClusterNotificationKind.Command:
                if (fromHere)
                    await commands.RunPendingAsync(cancellationToken);
                return;
            case ClusterNotificationKind.CommandDone:
                sent.Completed(notification.JobId);
                return;
            case ClusterNotificationKind.Queued when notification.JobId == "*":
                if (!fromHere)
                    await ReconcileAsync(cancellationToken);
                return;
            default:
                if (fromHere)
                    return;
                if (await store.GetAsync(notification.JobId, cancellationToken) is { } job)
                    Apply(job);
                return;
        }
    }

    /// <summary>A step of a job another node runs: kept for GET, and streamed to SSE as this node's own would be.</summary>
    private async Task ProgressAsync(ClusterNotification notification, CancellationToken cancellationToken)
    {
        if (ClusterProgress.Parse(notification.Detail) is not { } progress || queue.Find(notification.JobId) is { Job.Status: JobStatus.Running })
            return;
        var job = remote.Update(notification.JobId, progress);
        if (job is null)
        {
            // Its start was missed (this node started after it, or the notification was lost): read it once.
            if (await store.GetAsync(notification.JobId, cancellationToken) is not { Status: JobStatus.Running } running)
                return;
            remote.Started(running);
            job = remote.Update(notification.JobId, progress);
        }
        if (job is not null)
            events.Progress(job, progress);
    }

    /// <summary>Brings one job as the database holds it into this node's queue and event stream.</summary>
    private void Apply(Job job)
    {
        var local = queue.Find(job.Id);
        switch (job.Status)
        {
            case JobStatus.Queued:
                remote.Ended(job.Id);
                if (local is null)
                {
                    var active = new ActiveJob(job);
                    queue.Enqueue(active);
                    events.Queued(job, queue.PositionOf(active));
                    signal.Wake();
                }
                return;
            case JobStatus.Running:
                if (local is not { Job.Status: JobStatus.Running })
                    remote.Started(job);
                // Claimed elsewhere: only a queued copy is dropped; a job running here is this node's own.
                if (local is not null && local.Job.Status == JobStatus.Queued && queue.TryRemoveQueued(job.Id, out _))
                {
                    local.Job = job;
                    local.MarkFinished();
                }
                events.Started(job);
                return;
            default:
                remote.Ended(job.Id);
                if (local is not null && local.Job.Status == JobStatus.Queued && queue.TryRemoveQueued(job.Id, out _))
                {
                    local.Job = job;
                    local.MarkFinished();
                }
                events.Finished(job);
                return;
        }
    }

    /// <summary>The polling fallback: every queued job in the database is queued here, and no other job is.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListActiveAsync(cancellationToken);
        var queuedIds = new HashSet<string>(StringComparer.Ordinal);
        var added = false;
        foreach (var job in stored)
        {
            if (job.Status != JobStatus.Queued)
                continue;
            queuedIds.Add(job.Id);
            if (queue.Find(job.Id) is null)
            {
                queue.Enqueue(new ActiveJob(job));
                added = true;
            }
        }
        foreach (var local in queue.QueuedJobs())
        {
            if (queuedIds.Contains(local.Id))
                continue;
            // Not in the list: claimed, finished or deleted since, or submitted here after the list was read. Read it
            // again, so a job still queued (a submit that raced the list) stays queued here.
            var current = await store.GetAsync(local.Id, cancellationToken);
            if (current is { Status: JobStatus.Queued } || !queue.TryRemoveQueued(local.Id, out _))
                continue;
            if (current is not null)
                local.Job = current;
            local.MarkFinished();
        }
        // A job whose end this node missed is no longer shown running elsewhere.
        var running = stored.Where(j => j.Status == JobStatus.Running).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in remote.Ids)
            if (!running.Contains(id))
                remote.Ended(id);
        if (added)
            signal.Wake();
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
