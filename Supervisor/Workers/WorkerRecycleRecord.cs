namespace SdSupervised.Supervisor.Workers;

/// <summary>The slot's last proactive recycle: why (<c>recycled: after 500 jobs</c>) and when it began.</summary>
public sealed record WorkerRecycleRecord(string Reason, DateTimeOffset At);
