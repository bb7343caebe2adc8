using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A job's hold on its worker slot. Released as soon as the worker is free (once it returned the images,
/// before outputs are encoded and stored), and only once, so a late release can never touch the next job.
/// </summary>
public sealed class SlotLease(WorkerSlot slot, WorkerProcess process)
{
    private int _released;

    public void Release(bool completed)
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            slot.Release(process, completed);
    }
}
