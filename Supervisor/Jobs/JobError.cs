using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>Why a job ended <see cref="JobStatus.Failed"/>.</summary>
public sealed record JobError(FailureKind Kind, string Message);
