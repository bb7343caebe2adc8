namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A queued or running job as the supervisor holds it in memory: the last persisted value plus live state
/// (progress, cancellation). Finished jobs are read from the store.
/// </summary>
public sealed class ActiveJob(Job job)
{
    private volatile Job _job = job;
    private volatile JobProgress? _progress;
    private volatile bool _cancelRequested;

    public string Id => _job.Id;

    public Job Job
    {
        get => _job;
        set => _job = value;
    }

    public JobProgress? Progress
    {
        get => _progress;
        set => _progress = value;
    }

    /// <summary>The job's trace; null when tracing is off or the job was not sampled.</summary>
    public Observability.JobTrace? Trace { get; set; }

    /// <summary>The running attempt's stopwatch; null while queued.</summary>
    public AttemptClock? Clock { get; set; }

    /// <summary>A store write still in flight for this job; the next write waits for it so transitions land in order.</summary>
    public Task? PendingWrite { get; set; }

    /// <summary>Set by a cancel request; the runner sees it and stops the worker's call.</summary>
    public bool CancelRequested => _cancelRequested;

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the job's final state (completed, failed, cancelled) is stored.</summary>
    public Task Finished => _finished.Task;

    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>Cancelled when a user cancels the job while it runs.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public void RequestCancel()
    {
        _cancelRequested = true;
        try { Cancellation.Cancel(); } catch (ObjectDisposedException) { }
    }
}
