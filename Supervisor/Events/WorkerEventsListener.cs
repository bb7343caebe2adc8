using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Publishes every worker slot state change as a <c>worker</c> event, in the order the slot made them (the
/// pool-wide <see cref="WorkerSlotEvents"/> stream). Subscribed at start, before any worker spawns; unsubscribed
/// last (first registered), so the workers' final transitions are still published.
/// </summary>
public sealed class WorkerEventsListener(WorkerSlotEvents slots, EventJournal journal) : WorkerSlotListener(slots)
{
    public override void OnChange(WorkerSlotChange change)
    {
        if (change.StateChanged)
            journal.Publish(ServerEventTypes.Worker, null, change.Current.At, WorkerEventData.Of(change));
    }
}
