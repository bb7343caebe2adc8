using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>One worker failure that interrupted this job.</summary>
public sealed record JobFailure(FailureKind Kind, string Message, string? WorkerId, DateTimeOffset At);
