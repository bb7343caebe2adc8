using System.Collections.Concurrent;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// The jobs other nodes run, as this node last heard of them: the job as read from the database when it started, and
/// its latest progress from the running node's notifications (<see cref="ClusterQueueSync"/> fills it). Lets GET and
/// SSE on this node show the step of a job running elsewhere. Live state only, like <see cref="ActiveJob.Progress"/>;
/// empty on SQLite.
/// </summary>
public sealed class RemoteJobProgress
{
    private readonly ConcurrentDictionary<string, Entry> _running = new(StringComparer.Ordinal);

    public int Count => _running.Count;

    /// <summary>A job started on another node (a new attempt starts without progress).</summary>
    public void Started(Job job) =>
        _running.AddOrUpdate(job.Id, _ => new Entry(job, null), (_, old) => old.Job.Attempts == job.Attempts ? old with { Job = job } : new Entry(job, null));

    /// <summary>The job left its node (finished, queued again, gone).</summary>
    public void Ended(string id) => _running.TryRemove(id, out _);

    /// <summary>Records a step of a job this node knows to run elsewhere; returns the job, or null when it is not known.</summary>
    public Job? Update(string id, JobProgress progress)
    {
        while (_running.TryGetValue(id, out var entry))
        {
            if (_running.TryUpdate(id, entry with { Progress = progress }, entry))
                return entry.Job;
        }
        return null;
    }

    public JobProgress? ProgressOf(string id) => _running.TryGetValue(id, out var entry) ? entry.Progress : null;

    public IReadOnlyCollection<string> Ids => [.. _running.Keys];

    private sealed record Entry(Job Job, JobProgress? Progress);
}
