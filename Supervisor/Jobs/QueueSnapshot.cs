namespace SdSupervised.Supervisor.Jobs;

public sealed record QueueSnapshot(int Queued, int Running, IReadOnlyList<JobSnapshot> Jobs);
