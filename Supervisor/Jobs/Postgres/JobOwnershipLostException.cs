namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>
/// A write of a job this node does not (or no longer) own was refused: another node claimed it first, or took it
/// over after this node's lease expired. The fencing that keeps a job from finishing twice; the runner drops the job.
/// </summary>
public sealed class JobOwnershipLostException(string jobId, string reason) : InvalidOperationException($"Job {jobId}: {reason}")
{
    public string JobId { get; } = jobId;
}
