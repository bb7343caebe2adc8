using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// The data of a <c>worker</c> event: one slot state transition, with the slot as it is after it. <see cref="Holder"/> is
/// the job id (or <c>load:model</c>) holding the slot; it is not called job_id so that per-job filters skip worker events.
/// </summary>
public sealed record WorkerEventData(
    string WorkerId,
    WorkerState From,
    WorkerState To,
    string? Reason,
    DateTimeOffset At,
    int? Pid,
    int Restarts,
    BreakerState Breaker,
    string? Holder,
    long Version)
{
    public static WorkerEventData Of(WorkerSlotChange change)
    {
        var now = change.Current;
        return new(now.WorkerId, change.Previous.State, now.State, change.Reason ?? now.Reason, now.At, now.ProcessId, now.Restarts,
            now.Breaker, now.Holder?.Label, now.Version);
    }
}
