namespace SdSupervised.Supervisor.Workers;

/// <summary>One state transition of a slot, as published to listeners (status, SSE, systemd STATUS later).</summary>
public sealed record WorkerStateChange(string WorkerId, WorkerState From, WorkerState To, string? Reason, DateTimeOffset At);
