using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>What a kind runner gets of the attempt: the job, its reserved worker, the stall watchdog, and a way to free the worker early.</summary>
public sealed class KindAttempt(ActiveJob active, WorkerLease lease, ProgressWatchdog watchdog, Func<Task> freeWorker)
{
    public ActiveJob Active { get; } = active;
    public WorkerLease Lease { get; } = lease;
    public ProgressWatchdog Watchdog { get; } = watchdog;

    /// <summary>The job as it runs (status running, this attempt counted).</summary>
    public Job Job => Active.Job;

    /// <summary>The worker returned its result and is no longer needed: let it take the next job while ours saves its outputs.</summary>
    public Task FreeWorkerAsync() => freeWorker();
}
