using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>
/// What a submit-and-wait came to: <see cref="Completed"/>, <see cref="Failed"/> (failed or cancelled: the job's
/// status says which), <see cref="Pending"/> (still queued or running when the wait ended; it goes on), or
/// <see cref="Refused"/> (no job was made). No HTTP status codes: each family maps these to its wire format.
/// </summary>
public abstract record SyncOutcome
{
    private SyncOutcome()
    {
    }

    public sealed record Completed(JobSnapshot Job) : SyncOutcome;

    /// <summary>The job ended without completing: <see cref="JobStatus.Failed"/> (its <see cref="Jobs.Job.Error"/> says why) or <see cref="JobStatus.Cancelled"/>.</summary>
    public sealed record Failed(JobSnapshot Job) : SyncOutcome;

    /// <summary>
    /// The wait ended first; <see cref="Job"/> is the job as it was then. <see cref="Lost"/>: the job disappeared
    /// (deleted) while waiting, and <see cref="Job"/> is the job as submitted.
    /// </summary>
    public sealed record Pending(JobSnapshot Job, TimeSpan Waited, bool Lost = false) : SyncOutcome;

    public sealed record Refused(RefusalKind Kind, SubmitError Error) : SyncOutcome;
}
