namespace SdSupervised.Supervisor.Jobs;

/// <summary>Durable job storage. Every transition is written before it is announced.</summary>
public interface IJobStore
{
    /// <summary>Creates the schema if needed; safe to call on an existing database.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new job and returns it with its <see cref="Job.Sequence"/> assigned.</summary>
    Task<Job> InsertAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Replaces the stored job with this value (by id).</summary>
    Task UpdateAsync(Job job, CancellationToken cancellationToken);

    Task<Job?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Queued and running jobs in FIFO order (by sequence).</summary>
    Task<IReadOnlyList<Job>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Most recent jobs first, any status.</summary>
    Task<IReadOnlyList<Job>> ListRecentAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// At start: jobs left <see cref="JobStatus.Running"/> by a supervisor that died go back to
    /// <see cref="JobStatus.Queued"/> (attempts and failures kept). Returns how many.
    /// </summary>
    Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Finished jobs (completed, failed, cancelled), those that finished longest ago first; with
    /// <paramref name="finishedBefore"/>, only those that finished before it. For retention.
    /// </summary>
    Task<IReadOnlyList<Job>> ListFinishedAsync(DateTimeOffset? finishedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes a finished job's row; false when no finished job has that id (queued and running jobs are never deleted).</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}
