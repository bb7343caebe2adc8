using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Hands queued jobs to idle workers, one job per worker, FIFO, among the slots where the job may run
/// (<see cref="JobPlacement"/>), preferring a worker that already holds the job's model; in a cluster a young job may
/// be passed over for one whose model an idle worker holds (<see cref="ClusterAffinity"/>). On shutdown it stops
/// dispatching, lets running jobs finish within the grace period, then cancels and requeues the rest. The wait happens in <see cref="StoppingAsync"/>, which the host runs before
/// any service stops, so the API (stopped with the web server) still answers status while jobs finish.
/// </summary>
public sealed class JobScheduler(
    JobQueue queue,
    WorkerPool pool,
    JobRunner runner,
    SchedulerSignal signal,
    JobPlacement placement,
    ClusterAffinity affinity,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<JobScheduler> logger) : BackgroundService, IHostedLifecycleService
{
    private volatile bool _draining;
    private bool _drained;

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>When the dispatch loop last turned; a wedged scheduler stops advancing it.</summary>
    public DateTimeOffset LastLoopAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            LastLoopAt = time.GetUtcNow();
            try
            {
                Dispatch();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Scheduler dispatch failed");
            }
            await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
        }
    }

    private void Dispatch()
    {
        if (_draining)
            return;
        while (TryTakeNext(out var job, out var lease))
        {
            var task = Task.Run(() => runner.RunAsync(job!, lease!, _shutdown.Token));
            _running[job!.Id] = task;
            _ = task.ContinueWith(t => _running.TryRemove(job.Id, out _), TaskScheduler.Default);
        }
    }

    private bool TryTakeNext(out ActiveJob? job, out WorkerLease? lease) =>
        affinity.Enabled
            ? queue.TryDispatchChosen(queued => affinity.Choose(queued, TryReserveWorker), out job, out lease)
            : queue.TryDispatch(TryReserveWorker, out job, out lease);

    private WorkerLease? TryReserveWorker(ActiveJob active)
    {
        var job = active.Job;
        // A conversion or an upscale loads no generation model: it prefers a worker with nothing loaded, so no model is pushed out of VRAM needlessly.
        var model = placement.ModelOf(job);
        var crashes = job.Failures.Where(f => WorkerFailure.IsCrashKind(f.Kind)).ToList();
        var crashedOn = crashes.Select(f => f.WorkerId).ToHashSet(StringComparer.Ordinal);
        var holder = WorkerHolder.ForJob(job.Id, crashes.Count);
        // A job that crashed a worker tries another slot first (a bad GPU must not keep killing the same job); then a
        // worker that holds the model; else one with nothing loaded (evicts nothing); else the least recently used,
        // so the model that goes is the one least likely to be wanted again soon.
        // Only slots that may load the model and whose device holds the job; a job that fits only busy ones waits for them.
        // A job no slot may take any more (queued before the pins or devices changed) would hold the FIFO forever: it runs anywhere.
        var candidates = placement.Candidates(job) is { Count: > 0 } placed ? placed : pool.Slots;
        var idle = candidates.Select(s => (Slot: s, Snapshot: s.Snapshot)).Where(s => s.Snapshot.IsIdle)
            .OrderBy(s => crashedOn.Contains(s.Slot.WorkerId))
            .ThenByDescending(s => Models.ModelIds.IsLoadOf(s.Snapshot.LoadedModel, model))
            .ThenByDescending(s => s.Snapshot.LoadedModel is null)
            .ThenBy(s => s.Snapshot.LastUsedAt);
        foreach (var (slot, _) in idle)
            if (slot.TryReserve(holder, out var lease))
                return lease;
        return null;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shutdown, first step: no more dispatching, and running jobs get the grace period to finish, while the API still serves.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await DrainAsync(cancellationToken);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await base.StopAsync(cancellationToken);
        await DrainAsync(cancellationToken);
        await _shutdown.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values.ToArray()).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown: gave up waiting for jobs to requeue; they will be requeued at the next start");
        }
    }

    /// <summary>Waits up to the grace period for the running jobs; a second call (from StopAsync) finds them done or timed out.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_drained)
            return;
        _drained = true;
        var grace = TimeSpan.FromSeconds(options.Value.Resilience.ShutdownGraceSeconds);
        var running = _running.Values.ToArray();
        if (running.Length > 0)
        {
            logger.LogInformation("Shutdown: waiting up to {GraceSeconds} s for {RunningJobs} running job(s)", grace.TotalSeconds, running.Length);
            try
            {
                await Task.WhenAll(running).WaitAsync(grace, time, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                logger.LogWarning("Shutdown: {RunningJobs} job(s) still running after {GraceSeconds} s; cancelling and requeueing them",
                    _running.Count, grace.TotalSeconds);
            }
        }
    }
}
