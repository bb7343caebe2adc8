using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Status;

/// <summary>Builds <see cref="SupervisorStatus"/> from the worker pool and the queue. Degraded = no usable worker.</summary>
public sealed class StatusReporter(WorkerPool pool, JobQueue queue, LoadedModelRegistry models)
{
    public SupervisorStatus GetStatus()
    {
        var slots = pool.Slots.Select(s => (s.Spec, Snapshot: s.Snapshot)).ToList();
        var snapshots = slots.Select(s => s.Snapshot).ToList();
        var workers = slots.Select(slot =>
        {
            var s = slot.Snapshot;
            var capacity = new WorkerCapacity(s.JobsServed, s.Recycles, s.LastRecycle, s.RecycleLimits, s.Standby, s.StandbyProcessId,
                s.DeviceMemoryTotalBytes, s.DeviceMemoryUsedBytes, slot.Spec.Models.Include, slot.Spec.Models.Exclude);
            return new WorkerStatus(
                s.WorkerId, s.Device, s.State, s.ProcessId, s.Restarts, s.LoadedModel, s.Holder?.Label, s.LastFailure,
                s.IsUsable ? null : s.Reason, s.Info?.Engine, models.Companions(s.LoadedModel), s.Draining, s.Breaker, capacity);
        }).ToList();
        var usable = snapshots.Count(s => s.IsUsable);
        return new SupervisorStatus(usable == 0, pool.Engine, workers, queue.QueuedCount, queue.RunningCount);
    }

    public int UsableWorkers => pool.Slots.Count(s => s.Snapshot.IsUsable);
}
