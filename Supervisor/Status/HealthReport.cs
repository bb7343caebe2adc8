namespace SdSupervised.Supervisor.Status;

/// <summary>What <see cref="HealthReporter"/> found: degraded or not, the reason an operator acts on, and the usable workers.</summary>
public sealed record HealthReport(bool Degraded, string? Reason, int UsableWorkers);
