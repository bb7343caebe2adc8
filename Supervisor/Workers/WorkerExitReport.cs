namespace SdSupervised.Supervisor.Workers;

/// <summary>How one worker lifetime ended: the evidence, its classification (null = an exit we asked for) and how long it lived.</summary>
public sealed record WorkerExitReport(WorkerExitEvidence Evidence, WorkerFailure? Failure, DateTimeOffset At, TimeSpan Lifetime)
{
    /// <summary>Set by the slot: the worker completed at least one job or lived long enough to count as healthy.</summary>
    public bool WasHealthy { get; init; }
}
