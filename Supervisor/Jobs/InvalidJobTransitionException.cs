namespace SdSupervised.Supervisor.Jobs;

/// <summary>A transition its status does not allow (completing a queued job, cancelling a finished one): a bug, never data.</summary>
public sealed class InvalidJobTransitionException(string jobId, JobStatus status, string transition)
    : InvalidOperationException($"job {jobId} cannot {transition}: it is {JobJson.EnumName(status)}");
