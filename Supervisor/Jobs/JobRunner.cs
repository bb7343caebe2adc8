using System.Diagnostics;
using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;
using StreamJsonRpc;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Runs one attempt of a job on a reserved worker: the start write, the stall and cancel watchdogs, the job kind's own
/// work (<see cref="Kinds.IJobKindRunner"/>: load, generate, save), and turning every way this can end (success, clean
/// failure, crash, hang, cancel, shutdown) into the job's next persisted state.
/// </summary>
public sealed class JobRunner(
    IJobStore store,
    IOutputStore outputs,
    JobQueue queue,
    RequeuePolicy requeuePolicy,
    SchedulerSignal signal,
    Events.IJobEvents events,
    Storage.StorageGuard storage,
    Kinds.JobKindRunners kinds,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    /// <summary>Runs one attempt of <paramref name="active"/> on the reserved worker; always releases the lease.</summary>
    public async Task RunAsync(ActiveJob active, WorkerLease lease, CancellationToken shutdown)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = active.Id, ["WorkerId"] = lease.WorkerId });
        var attempt = new Attempt(active, lease);
        try
        {
            await RunAttemptAsync(attempt, shutdown);
        }
        catch (Postgres.JobOwnershipLostException ex)
        {
            // The lease ran out (this node was paused or cut off) and another node owns the job now: stop the
            // generation if it still runs, write nothing more, and forget the job here.
            attempt.Served = !attempt.Lease.Worker.HasExited;
            active.RequestCancel();
            queue.Remove(active.Id);
            active.MarkFinished();
            logger.LogWarning("Job {JobId} on worker {WorkerId} lost its lease; another node owns it now and nothing more is written from here: {Reason}",
                active.Id, lease.WorkerId, ex.Message);
        }
        catch (Exception ex)
        {
            // A bug here must not lose the job, nor loop it forever: it is charged like any failure and retried
            // up to MaxAttempts, then fails with the error. The worker is not to blame.
            logger.LogError(ex, "Job {JobId} runner failed on worker {WorkerId}", active.Id, lease.WorkerId);
            await SafeFailAsync(attempt, new WorkerFailure(FailureKind.InternalError, $"the supervisor failed running the job: {ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            lease.Release(attempt.Served);
            signal.Wake();
        }
    }

    private async Task RunAttemptAsync(Attempt attempt, CancellationToken shutdown)
    {
        var (active, lease, worker) = (attempt.Active, attempt.Lease, attempt.Lease.Worker);
        var now = time.GetUtcNow();
        var job = active.Job.Start(lease.WorkerId, now);
        if (Postgres.ClusterStore.Of(store) is not null)
        {
            // In a cluster the start write is the claim: it must land before the worker is called, and a refused one
            // means another node took the job first, so it is dropped here and never run twice.
            try
            {
                await store.UpdateAsync(job, CancellationToken.None);
            }
            catch (Postgres.JobOwnershipLostException ex)
            {
                attempt.Served = true;
                queue.Remove(active.Id);
                active.MarkFinished();
                logger.LogInformation("Job {JobId} was claimed by another node before worker {WorkerId} could start it: {Reason}", job.Id, lease.WorkerId, ex.Message);
                return;
            }
        }
        else
        {
            // Not awaited before calling the worker: if we die before it lands, the job is still "queued" in the store
            // and is requeued at the next start, which is what recovery does with "running" anyway. Every later write
            // waits for it (PersistAsync), so the order of transitions on disk is kept.
            active.PendingWrite = store.UpdateAsync(job, CancellationToken.None);
        }
        active.Job = job;
        active.Progress = null;
        active.Clock = new AttemptClock(job.Attempts, lease.WorkerId, AttemptClock.QueuedSince(job), now);
        active.Trace ??= JobTrace.Start(job, recovered: true);
        // Current in this attempt's flow only (an async method's changes do not reach its caller): the stages and the worker's spans hang below it.
        Activity.Current = active.Trace?.BeginAttempt(job.Attempts, lease.WorkerId);
        events.Started(job);
        logger.LogInformation("Job {JobId} started on worker {WorkerId} (attempt {Attempt})", job.Id, lease.WorkerId, job.Attempts);

        var watchdog = new ProgressWatchdog(time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(active.Cancellation.Token, shutdown);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(worker.ExitedToken);
        var watchTask = WatchAsync(active, lease, watchdog, call.Token, shutdown, watch.Token);

        // Hands the worker on once it has returned its result. The watcher goes first: its grace-period kill
        // must never reach a worker that already runs the next job.
        async Task FreeWorkerAsync()
        {
            attempt.Served = true;
            await watch.CancelAsync();
            await watchTask;
            lease.Release(served: true);
        }

        try
        {
            var outcome = await kinds.For(job.Request).RunAsync(new Kinds.KindAttempt(active, lease, watchdog, FreeWorkerAsync), call.Token);
            if (outcome.Failure is { } failure)
            {
                attempt.Served = outcome.Served;
                await FailAsync(attempt, failure);
            }
            else
            {
                var done = active.Job.Complete(outcome.Outputs!, time.GetUtcNow());
                await FinishAsync(active, done);
                outcome.AfterCompleted?.Invoke(done);
            }
        }
        catch (StorageException ex)
        {
            // Our own disk, not the worker: the worker is kept (and already free when saving outputs failed).
            watchdog.Stop();
            attempt.Served = !worker.HasExited;
            // A disk that filled under a job keeps health degraded, and new submits refused, like a full disk seen at submit.
            if (ex.IsDiskFull)
                storage.ReportFull(ex);
            await FailAsync(attempt, new WorkerFailure(FailureKind.StorageError, ex.Message));
        }
        catch (RemoteInvocationException ex)
        {
            watchdog.Stop();
            if (worker.HasExited || await ExitsSoonAsync(worker))
            {
                await HandleInterruptionAsync(attempt, ex, shutdown);
                return;
            }
            // The worker threw instead of returning a result, and lives on: a clean failure of this job, not of the worker.
            attempt.Served = true;
            var kind = lease.IsLoadingModel ? FailureKind.ModelLoadFailure : FailureKind.GenerationFailed;
            await FailAsync(attempt, new WorkerFailure(kind, $"the worker reported an error: {ex.Message}"));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionLostException or ObjectDisposedException or RemoteRpcException or IOException)
        {
            watchdog.Stop();
            await HandleInterruptionAsync(attempt, ex, shutdown);
        }
        catch (Exception ex)
        {
            watchdog.Stop();
            // Anything else from a worker that is dying (a reply cut off mid-frame fails to deserialize) is its death,
            // not a bug of ours; from a live worker it is ours, and RunAsync charges it.
            if (!worker.HasExited && !await ExitsSoonAsync(worker))
                throw;
            await HandleInterruptionAsync(attempt, ex, shutdown);
        }
        finally
        {
            await watch.CancelAsync();
            await watchTask;
        }
    }

    /// <summary>An error reply can race with the process dying (e.g. a native abort while unwinding); give the exit a moment to show.</summary>
    private async Task<bool> ExitsSoonAsync(IWorkerConnection worker)
    {
        try
        {
            await worker.Exited.WaitAsync(TimeSpan.FromMilliseconds(500), time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The call did not return a result: cancelled by the user, by shutdown, or the worker died or was killed.</summary>
    private async Task HandleInterruptionAsync(Attempt attempt, Exception ex, CancellationToken shutdown)
    {
        var (active, lease, worker) = (attempt.Active, attempt.Lease, attempt.Lease.Worker);
        if (!worker.HasExited && (active.CancelRequested || shutdown.IsCancellationRequested) && ex is OperationCanceledException)
        {
            // The worker stopped by itself within the grace period and is still usable.
            attempt.Served = true;
            if (active.CancelRequested)
                await CancelledAsync(active);
            else
                await RequeueForShutdownAsync(active);
            return;
        }

        WorkerExitReport report;
        try
        {
            report = await worker.Exited.WaitAsync(TimeSpan.FromSeconds(15), time);
        }
        catch (TimeoutException)
        {
            // The connection is gone but the process lingers: it is of no use any more. Only while we still hold
            // it: a worker already handed on runs another job, which this failure must never touch.
            lease.Kill(KillReason.Hang, $"worker lost its connection ({ex.GetType().Name}) but did not exit");
            report = await worker.Exited;
        }

        if (active.CancelRequested)
        {
            await CancelledAsync(active);
            return;
        }
        if (report.Failure is null || shutdown.IsCancellationRequested)
        {
            await RequeueForShutdownAsync(active);
            return;
        }
        await FailAsync(attempt, report.Failure);
    }

    /// <summary>Enforces the stall timeout and the cancel grace period while a call runs.</summary>
    private async Task WatchAsync(ActiveJob active, WorkerLease lease, ProgressWatchdog watchdog,
        CancellationToken callToken, CancellationToken shutdown, CancellationToken stop)
    {
        var graceSeconds = options.Value.Resilience.CancelGraceSeconds;
        DateTimeOffset? cancelDeadline = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var now = time.GetUtcNow();
            if (callToken.IsCancellationRequested)
            {
                cancelDeadline ??= now + TimeSpan.FromSeconds(graceSeconds);
                if (now >= cancelDeadline)
                {
                    var why = active.CancelRequested ? "cancelled job" : "shutdown";
                    lease.Kill(active.CancelRequested ? KillReason.Cancel : KillReason.Stop,
                        $"{why}: the worker did not stop within the {graceSeconds} s grace period");
                    return;
                }
                continue;
            }
            if (watchdog.Stalled(now) is { } stall)
            {
                lease.Kill(KillReason.Hang, stall);
                return;
            }
        }
    }

    /// <summary>Charges the failure to the job, then requeues it or fails it for good; either way what it wrote is removed.</summary>
    private async Task FailAsync(Attempt attempt, WorkerFailure failure)
    {
        var active = attempt.Active;
        var workerId = attempt.Lease.WorkerId;
        // Recorded before the decision: crash kinds count their earlier failures; the others fail at once anyway.
        var job = active.Job.RecordFailure(new JobFailure(failure.Kind, failure.Message, workerId, time.GetUtcNow()));
        var decision = requeuePolicy.Decide(job, failure);
        // Partial outputs (a batch cut short by a full disk) are never left behind: the next attempt writes them anew.
        DeleteOutputs(job.Id);
        if (decision.Requeue)
        {
            await RequeueAsync(active, job, failure.Kind);
            logger.LogWarning("Job {JobId} interrupted by {FailureKind} on worker {WorkerId}: {FailureMessage}; requeued (attempt {Attempt} of {MaxAttempts})",
                job.Id, failure.Kind, workerId, failure.Message, job.Attempts, options.Value.Resilience.MaxAttempts);
            return;
        }
        job = job.Fail(decision.Error!, time.GetUtcNow());
        await FinishAsync(active, job);
        logger.LogWarning("Job {JobId} failed: {FailureKind}: {FailureMessage}", job.Id, decision.Error!.Kind, decision.Error.Message);
    }

    private void DeleteOutputs(string jobId)
    {
        try
        {
            outputs.DeleteJob(jobId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove the partial outputs of job {JobId}: {Error}", jobId, ex.Message);
        }
    }

    private async Task CancelledAsync(ActiveJob active)
    {
        var job = active.Job.Cancel(time.GetUtcNow());
        await FinishAsync(active, job);
        logger.LogInformation("Job {JobId} cancelled while running", job.Id);
    }

    private async Task RequeueForShutdownAsync(ActiveJob active)
    {
        await RequeueAsync(active, active.Job, failure: null);
        logger.LogInformation("Job {JobId} interrupted by shutdown; back in the queue for the next start", active.Id);
    }

    /// <summary>The job ended (completed, failed, cancelled): stored, then it leaves the in-memory queue.</summary>
    private async Task FinishAsync(ActiveJob active, Job job)
    {
        job = StopClock(active, job);
        await PersistAsync(active, job);
        active.Job = job;
        active.Trace?.End(job);
        queue.Remove(job.Id);
        active.MarkFinished();
        events.Finished(job);
    }

    /// <summary>Back in line at its original place, stored as queued; its live progress no longer applies.</summary>
    private async Task RequeueAsync(ActiveJob active, Job job, FailureKind? failure)
    {
        job = StopClock(active, job).Requeue();
        await PersistAsync(active, job);
        active.Job = job;
        active.Progress = null;
        active.Trace?.AttemptInterrupted(failure);
        active.Trace?.Queued();
        queue.Requeue(active);
        events.Requeued(job);
    }

    /// <summary>The attempt ended: its timings join the job's, ending when the job says it completed.</summary>
    private Job StopClock(ActiveJob active, Job job)
    {
        if (active.Clock is not { } clock)
            return job;
        active.Clock = null;
        return job with { Timings = job.Timings.Add(clock.Stop(job.CompletedAt ?? time.GetUtcNow())) };
    }

    /// <summary>Writes a transition after the job's previous write has landed.</summary>
    private async Task PersistAsync(ActiveJob active, Job job)
    {
        if (active.PendingWrite is { } pending)
        {
            active.PendingWrite = null;
            try
            {
                await pending;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Could not store that job {JobId} started; storing its next state", job.Id);
            }
        }
        await store.UpdateAsync(job, CancellationToken.None);
    }

    /// <summary>The runner's last resort: charge the failure; if even storing that fails, the job is requeued at the next start.</summary>
    private async Task SafeFailAsync(Attempt attempt, WorkerFailure failure)
    {
        // Already requeued or finished before the error: nothing is left to charge.
        if (attempt.Active.Job.Status != JobStatus.Running)
            return;
        try
        {
            await FailAsync(attempt, failure);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the failure of job {JobId}; it will be requeued at the next start", attempt.Active.Id);
        }
    }

    /// <summary>One attempt's hold on the job and its worker, and whether the worker served it (answered, alive).</summary>
    private sealed class Attempt(ActiveJob active, WorkerLease lease)
    {
        public ActiveJob Active { get; } = active;
        public WorkerLease Lease { get; } = lease;
        public bool Served { get; set; }
    }
}
