using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Events;

/// <summary>The data of a <c>worker</c> event: one slot state transition.</summary>
public sealed record WorkerEventData(string WorkerId, WorkerState From, WorkerState To, string? Reason, DateTimeOffset At)
{
    public static WorkerEventData Of(WorkerStateChange change) => new(change.WorkerId, change.From, change.To, change.Reason, change.At);
}
