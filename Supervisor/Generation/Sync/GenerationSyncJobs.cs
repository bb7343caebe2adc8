using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary><see cref="ISyncJobs"/> over the server's <see cref="GenerationService"/> (submit, wait) and <see cref="JobService"/> (cancel).</summary>
public sealed class GenerationSyncJobs(GenerationService generation, JobService jobs) : ISyncJobs
{
    public Task<SubmitResult> SubmitAsync(GenerationDraft draft, CancellationToken cancellationToken) =>
        generation.SubmitAsync(draft, cancellationToken);

    public Task<JobSnapshot?> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken) =>
        generation.WaitAsync(jobId, timeout, cancellationToken);

    public Task<CancelOutcome> CancelAsync(string jobId, CancellationToken cancellationToken) =>
        jobs.CancelAsync(jobId, cancellationToken);
}
