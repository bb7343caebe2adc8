using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>The three job operations <see cref="SubmitAndWait"/> needs; <see cref="GenerationSyncJobs"/> in the server, a fake in tests.</summary>
public interface ISyncJobs
{
    Task<SubmitResult> SubmitAsync(GenerationDraft draft, CancellationToken cancellationToken);

    /// <summary>The job once finished, or as it is when <paramref name="timeout"/> passes; null when it is gone.</summary>
    Task<JobSnapshot?> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken);

    Task<CancelOutcome> CancelAsync(string jobId, CancellationToken cancellationToken);
}
