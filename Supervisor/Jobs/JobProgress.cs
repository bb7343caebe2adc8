using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>Live progress of a running job (not persisted).</summary>
public sealed record JobProgress(ProgressPhase Phase, int Step, int Steps, double? EtaSeconds);
