namespace SdSupervised.Supervisor.Jobs;

/// <summary>A job as the API shows it: stored state plus live progress and queue position.</summary>
public sealed record JobSnapshot(Job Job, JobProgress? Progress, int? Position);
