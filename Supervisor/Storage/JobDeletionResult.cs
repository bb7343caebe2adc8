using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Storage;

/// <summary>What deleting a job did: the outcome, the job as it was (null when not found) and the bytes its folders freed.</summary>
public sealed record JobDeletionResult(JobDeletionOutcome Outcome, Job? Job, long OutputBytes = 0, long InputBytes = 0)
{
    public long FreedBytes => OutputBytes + InputBytes;
}
