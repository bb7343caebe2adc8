namespace SdSupervised.Supervisor.Workers;

/// <summary>How one worker lifetime ended: the evidence, its classification (null = an exit we asked for) and how long it lived.</summary>
public sealed record WorkerExitReport(WorkerExitEvidence Evidence, WorkerFailure? Failure, DateTimeOffset At, TimeSpan Lifetime);
