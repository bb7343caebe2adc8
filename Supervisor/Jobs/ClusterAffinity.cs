using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Which queued job a cluster node takes next (PostgreSQL store, <see cref="ClusterOptions.AffinitySeconds"/> &gt; 0).
/// Every node sees the whole queue, so strict FIFO would have each idle worker load whatever model the head needs,
/// though another node holds it. While the head is younger than the affinity window: an idle worker holding model M
/// takes the oldest queued job needing M; failing that, the head is left to another live node whose worker holds its
/// model. Otherwise, and for any job older than the window, FIFO as on one node (<paramref name="fifo"/>: the head to
/// the best idle worker). The window bounds how long a job can be passed over.
/// </summary>
public sealed class ClusterAffinity(WorkerPool pool, JobPlacement placement, ClusterView cluster, IOptions<SupervisorOptions> options, TimeProvider time)
{
    /// <summary>How far down the queue an idle worker looks for a job needing its model.</summary>
    private const int ScanLimit = 256;

    public bool Enabled => cluster.IsCluster && options.Value.Cluster.AffinitySeconds > 0;

    public (ActiveJob Job, WorkerLease Lease)? Choose(IList<ActiveJob> queued, Func<ActiveJob, WorkerLease?> fifo)
    {
        var head = queued[0];
        var window = TimeSpan.FromSeconds(options.Value.Cluster.AffinitySeconds);
        if (time.GetUtcNow() - head.Job.CreatedAt >= window)
            return Fifo(head, fifo);

        var holding = pool.Slots.Select(s => (Slot: s, s.Snapshot.LoadedModel, s.Snapshot.IsIdle)).Where(s => s.IsIdle && s.LoadedModel is not null).ToList();
        if (holding.Count > 0)
        {
            for (var i = 0; i < Math.Min(queued.Count, ScanLimit); i++)
            {
                var job = queued[i].Job;
                // A job that crashed a worker is placed by the FIFO rules (another slot first), never by affinity.
                if (placement.ModelOf(job) is not { } model || job.Failures.Any(f => WorkerFailure.IsCrashKind(f.Kind)))
                    continue;
                var allowed = placement.Candidates(job);
                foreach (var (slot, loaded, _) in holding)
                {
                    if (string.Equals(loaded, model, StringComparison.Ordinal) && allowed.Contains(slot)
                        && slot.TryReserve(WorkerHolder.ForJob(job.Id, 0), out var lease))
                        return (queued[i], lease);
                }
            }
        }

        return placement.ModelOf(head.Job) is { } headModel && cluster.HeldElsewhere(headModel) ? null : Fifo(head, fifo);
    }

    private static (ActiveJob, WorkerLease)? Fifo(ActiveJob head, Func<ActiveJob, WorkerLease?> fifo) =>
        fifo(head) is { } lease ? (head, lease) : null;
}
