namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Finished and active jobs, newest first, filtered by status, type and who may see them: the web UI's history and gallery.
/// Looks at the <see cref="ScanLimit"/> most recent jobs, which retention keeps the store near anyway.
/// </summary>
public sealed class JobHistory(IJobStore store, JobService jobs)
{
    public const int ScanLimit = 2000;
    public const int MaxLimit = 500;

    public async Task<IReadOnlyList<JobSnapshot>> ListAsync(
        IReadOnlySet<JobStatus>? statuses, IReadOnlySet<JobType>? types, Func<Job, bool> mayRead, int limit, CancellationToken ct)
    {
        var recent = await store.ListRecentAsync(ScanLimit, ct);
        var found = new List<JobSnapshot>();
        foreach (var stored in recent)
        {
            if (found.Count >= limit) break;
            // The store's row of a running job lags its live progress; the service has both.
            var job = stored.IsFinished ? new JobSnapshot(stored, null, null) : await jobs.GetAsync(stored.Id, ct);
            if (job is null || !mayRead(job.Job)) continue;
            if (statuses is { Count: > 0 } && !statuses.Contains(job.Job.Status)) continue;
            if (types is { Count: > 0 } && !types.Contains(job.Job.Type)) continue;
            found.Add(job);
        }
        return found;
    }
}
