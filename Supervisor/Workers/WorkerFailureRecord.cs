namespace SdSupervised.Supervisor.Workers;

/// <summary>The last failure of a slot, as shown in /api/status.</summary>
public sealed record WorkerFailureRecord(FailureKind Kind, string Message, DateTimeOffset At);
