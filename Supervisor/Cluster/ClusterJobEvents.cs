using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// The job lifecycle in a cluster: every event goes to the node's own sink as before, and the steps of the jobs this
/// node runs also go to the other nodes (<see cref="ClusterProgressRelay"/>). Quick and never throws, like every sink.
/// </summary>
public sealed class ClusterJobEvents(IJobEvents inner, ClusterProgressRelay relay) : IJobEvents
{
    public void Queued(Job job, int? position) => inner.Queued(job, position);

    public void Started(Job job) => inner.Started(job);

    public void Progress(Job job, JobProgress progress)
    {
        inner.Progress(job, progress);
        relay.Offer(job, progress);
    }

    public void Preview(Job job, JobProgress progress) => inner.Preview(job, progress);

    public void Requeued(Job job)
    {
        relay.Forget(job.Id);
        inner.Requeued(job);
    }

    public void Finished(Job job)
    {
        relay.Forget(job.Id);
        inner.Finished(job);
    }
}
