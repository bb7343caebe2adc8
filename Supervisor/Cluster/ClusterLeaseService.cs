using System.Reflection;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// Keeps this node's leases alive (PostgreSQL store only): every third of <see cref="ClusterOptions.LeaseSeconds"/>
/// it renews the leases of the jobs it runs and its row in the nodes table; a job whose lease was lost (this node
/// was paused or cut off past the lease, and another node took it) is stopped here, and its run then writes nothing.
/// The same tick picks up cancel requests made on other nodes whose notification was missed, and reads the nodes
/// table into <see cref="ClusterView"/> for /api/status and /api/workers.
/// </summary>
public sealed class ClusterLeaseService(
    PostgresJobStore store,
    JobQueue queue,
    WorkerPool pool,
    ClusterView cluster,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<ClusterLeaseService> logger) : BackgroundService
{
    private static readonly string Version =
        typeof(ClusterLeaseService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.Cluster.LeaseSeconds / 3.0);
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Node {NodeId} could not renew its leases; retrying in {Seconds:0.0} s", store.NodeId, period.TotalSeconds);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slot in pool.Slots)
            if (slot.Snapshot.LoadedModel is { } model)
                loaded[slot.WorkerId] = model;
        var info = new ClusterNodeInfo(options.Value.Cluster.Address, Version, [.. pool.Slots.Select(s => s.WorkerId)], _startedAt, loaded);
        foreach (var id in await store.RenewLeasesAsync(info, cancellationToken))
        {
            if (queue.Find(id) is { } active)
            {
                logger.LogWarning("Node {NodeId} lost the lease of job {JobId}; stopping it here", store.NodeId, id);
                active.RequestCancel();
            }
        }
        foreach (var id in await store.CancelRequestsAsync(cancellationToken))
        {
            if (queue.Find(id) is { CancelRequested: false } active)
            {
                logger.LogInformation("Job {JobId} cancel requested on another node", id);
                active.RequestCancel();
            }
        }
        // Last, so a failed read of the nodes never holds up the leases or the cancels.
        cluster.Publish(await store.ListNodesAsync(cancellationToken));
    }
}
