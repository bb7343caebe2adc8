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
/// Runs one attempt of a job on a reserved worker: load the model if needed, generate with a stall watchdog,
/// save the outputs, and turn every way this can end (success, clean failure, crash, hang, cancel, shutdown)
/// into the job's next persisted state.
/// </summary>
public sealed class JobRunner(
    IJobStore store,
    IOutputStore outputs,
    IModelResolver models,
    ModelCatalog catalog,
    JobQueue queue,
    RequeuePolicy requeuePolicy,
    SchedulerSignal signal,
    Events.IJobEvents events,
    JobInputs inputs,
    Storage.StorageGuard storage,
    VideoJobRunner videos,
    LeaseModelLoader loader,
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
        var job = active.Job with
        {
            Status = JobStatus.Running,
            Attempts = active.Job.Attempts + 1,
            WorkerId = lease.WorkerId,
            StartedAt = now,
        };
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
            if (job.Type == JobType.Convert)
                await ConvertAsync(attempt, FreeWorkerAsync, watchdog, call.Token);
            else if (job.Type == JobType.Upscale)
                await UpscaleAsync(attempt, FreeWorkerAsync, watchdog, call.Token);
            else if (job.Type == JobType.Video)
                await VideoAsync(attempt, FreeWorkerAsync, watchdog, call.Token);
            else
                await GenerateAsync(attempt, FreeWorkerAsync, watchdog, call.Token);
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

    /// <summary>An image generation: load the model if the worker does not hold it, generate, store the outputs.</summary>
    private async Task GenerateAsync(Attempt attempt, Func<Task> freeWorker, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        var (active, lease) = (attempt.Active, attempt.Lease);
        var job = active.Job;
        var resolution = await models.ResolveAsync(job.Parameters.Model, cancellationToken);
        if (resolution.Spec is not { } resolved)
        {
            await FailAsync(attempt, new WorkerFailure(FailureKind.ModelLoadFailure, resolution.Error ?? "the model could not be resolved"));
            return;
        }
        var (loadSpec, loadError) = await OwnIoAsync(() => inputs.WithOverridesAsync(resolved, job.Parameters, cancellationToken), $"reading the inputs of job {job.Id}");
        var (generationSpec, specError) = loadError is null
            ? await OwnIoAsync(() => inputs.BuildSpecAsync(job, cancellationToken), $"reading inputs/{job.Id}")
            : (null, loadError);
        if (specError is not null)
        {
            await FailAsync(attempt, specError);
            return;
        }
        if (await loader.EnsureLoadedAsync(active, lease, loadSpec!, watchdog, cancellationToken) is { } loadFailure)
        {
            attempt.Served = true;
            await FailAsync(attempt, loadFailure);
            return;
        }

        lease.Generating();
        watchdog.Start(TimeSpan.FromSeconds(options.Value.Resilience.StallTimeoutSeconds), "generating");
        GenerationResult result;
        using (var span = SdsTracing.StartStage("generate"))
        {
            span?.SetTag("sds.model", loadSpec!.ModelId);
            result = await lease.Worker.Rpc.GenerateImageAsync(generationSpec! with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success && result.Images.Length > 0, result.Error);
        }
        watchdog.Stop();
        active.Clock!.EngineSeconds = result.GenerationSeconds;
        if (!result.Success || result.Images.Length == 0)
        {
            attempt.Served = true;
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, result.Error ?? "the engine returned no image"));
            return;
        }
        // Read before the worker is freed: a recycle is decided as it is released.
        lease.ReportDeviceMemory(result.DeviceMemoryUsedBytes);
        // The worker is free now; encoding and storing the outputs is our work, so let it take the next job.
        await freeWorker();
        await CompleteAsync(attempt, result);
    }

    /// <summary>
    /// A conversion needs no model loaded: the worker reads the input file itself. A clean failure fails the job and
    /// keeps the worker; a crash or hang leaves by the caller's exception paths like a generation's.
    /// </summary>
    private async Task ConvertAsync(Attempt attempt, Func<Task> freeWorker, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        var (active, lease) = (attempt.Active, attempt.Lease);
        var job = active.Job;
        var p = job.Convert ?? throw new InvalidOperationException($"convert job {job.Id} has no convert parameters");
        var output = Path.Combine(catalog.Root, p.Output);
        // Checked at submit too; a file that appeared while the job waited must not be overwritten.
        if (File.Exists(output) || new FileInfo(output).LinkTarget is not null)
        {
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, $"conversion refused: '{p.Output}' already exists in the models directory"));
            return;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, $"conversion refused: cannot create the folder of '{p.Output}': {ex.Message}"));
            return;
        }
        // The library writes straight to its output path, so a crash mid-way would leave a truncated model the
        // catalog lists. Convert into a job-specific partial file (not a model extension, so never scanned) and
        // move it into place only on success; a retry first clears what a crashed attempt left.
        var partial = $"{output}.partial-{job.Id}";
        TryDelete(partial);
        var spec = new ConvertSpec
        {
            JobId = job.Id,
            InputPath = Path.Combine(catalog.Root, p.Input),
            OutputPath = partial,
            OutputType = p.OutputType,
            VaePath = p.Vae is null ? null : Path.Combine(catalog.Root, p.Vae),
        };
        lease.Generating();
        // Quantizing a large model is long and reports progress per tensor at best: allow the model-load timeout too.
        var r = options.Value.Resilience;
        watchdog.Start(TimeSpan.FromSeconds(Math.Max(r.StallTimeoutSeconds, r.ModelLoadTimeoutSeconds)), "converting");
        ConvertResult result;
        using (var span = SdsTracing.StartStage("convert"))
        {
            span?.SetTag("sds.output_type", p.OutputType);
            result = await lease.Worker.Rpc.ConvertAsync(spec with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success, result.Error);
        }
        watchdog.Stop();
        active.Clock!.EngineSeconds = result.Seconds;
        attempt.Served = true;
        if (!result.Success)
        {
            TryDelete(partial);
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, $"conversion failed: {result.Error ?? "the engine gave no reason"}"));
            return;
        }
        try
        {
            File.Move(partial, output, overwrite: false);
        }
        catch (IOException ex)
        {
            TryDelete(partial);
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, $"conversion finished but '{p.Output}' could not be put in place: {ex.Message}"));
            return;
        }
        await freeWorker();
        var done = job with { Status = JobStatus.Completed, Outputs = [new JobOutput(p.Output, 0, 0, 0)], CompletedAt = time.GetUtcNow(), Error = null };
        await FinishAsync(active, done);
        logger.LogInformation("Job {JobId} completed: converted {ModelInput} to {OutputType} at {ModelOutput}, {OutputBytes} bytes in {Seconds:0.0} s",
            done.Id, p.Input, p.OutputType, p.Output, result.OutputBytes, result.Seconds);
        // The watcher would notice too, but only when it runs; the new file should be listed as soon as the job says done.
        _ = catalog.RequestScan();
    }

    /// <summary>
    /// An ESRGAN upscale needs no generation model: the worker keeps its upscaler per model path. A clean failure fails
    /// the job and keeps the worker; a crash or hang leaves by the caller's exception paths like a generation's.
    /// </summary>
    private async Task UpscaleAsync(Attempt attempt, Func<Task> freeWorker, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        var (active, lease) = (attempt.Active, attempt.Lease);
        var job = active.Job;
        var (spec, error) = await OwnIoAsync(() => inputs.BuildUpscaleSpecAsync(job, cancellationToken), $"reading inputs/{job.Id}");
        if (spec is null)
        {
            await FailAsync(attempt, error!);
            return;
        }
        lease.Generating();
        var r = options.Value.Resilience;
        // Loading the ESRGAN weights is part of the call: allow the model-load timeout until progress starts.
        watchdog.Start(TimeSpan.FromSeconds(Math.Max(r.StallTimeoutSeconds, r.ModelLoadTimeoutSeconds)), "upscaling");
        UpscaleResult result;
        using (var span = SdsTracing.StartStage("upscale"))
        {
            result = await lease.Worker.Rpc.UpscaleAsync(spec with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success && result.Image is not null, result.Error);
        }
        watchdog.Stop();
        active.Clock!.EngineSeconds = result.Seconds;
        if (!result.Success || result.Image is not { } image)
        {
            attempt.Served = true;
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, $"upscale failed: {result.Error ?? "the engine returned no image"}"));
            return;
        }
        await freeWorker();
        var p = job.Upscale!;
        var infotext = $"Upscaled {p.SourceWidth}x{p.SourceHeight} to {image.Width}x{image.Height}, Upscaler: {p.EsrganModel ?? "synthetic"}";
        var encoding = time.GetTimestamp();
        JobOutput saved;
        using (var span = SdsTracing.StartStage("encode_outputs"))
        {
            span?.SetTag("sds.images", 1);
            saved = await outputs.SaveAsync(job.Id, 0, image, infotext, CancellationToken.None);
        }
        active.Clock!.EncodeSeconds = time.GetElapsedTime(encoding).TotalSeconds;
        var done = job with { Status = JobStatus.Completed, Outputs = [saved], CompletedAt = time.GetUtcNow(), Error = null };
        await FinishAsync(active, done);
        logger.LogInformation("Job {JobId} completed: upscaled {SourceWidth}x{SourceHeight} to {Width}x{Height} in {Seconds:0.00} s",
            done.Id, p.SourceWidth, p.SourceHeight, image.Width, image.Height, result.Seconds);
    }

    /// <summary>A video: <see cref="VideoJobRunner"/> generates, then the worker is freed while the frames are encoded.</summary>
    private async Task VideoAsync(Attempt attempt, Func<Task> freeWorker, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        var active = attempt.Active;
        var outcome = await videos.GenerateAsync(active, attempt.Lease, watchdog, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            attempt.Served = outcome.Served;
            await FailAsync(attempt, failure);
            return;
        }
        await freeWorker();
        var job = active.Job;
        var encoding = time.GetTimestamp();
        IReadOnlyList<JobOutput> saved;
        try
        {
            saved = await videos.SaveAsync(job, outcome.Result!, CancellationToken.None);
        }
        catch (VideoEncodingException ex)
        {
            // ffmpeg went away after submit (submit refuses video jobs without it): say so in the error, which GET /api/system explains.
            var missing = ex.Message.StartsWith("video encoding is unavailable", StringComparison.Ordinal);
            await FailAsync(attempt, new WorkerFailure(FailureKind.GenerationFailed, missing ? $"video_encoder_missing: {ex.Message}" : $"video encoding failed: {ex.Message}"));
            return;
        }
        active.Clock!.EncodeSeconds = time.GetElapsedTime(encoding).TotalSeconds;
        var done = job with { Status = JobStatus.Completed, Outputs = [.. saved], CompletedAt = time.GetUtcNow(), Error = null };
        await FinishAsync(active, done);
        logger.LogInformation("Job {JobId} completed: video of {FrameCount} frames, engine time {EngineSeconds:0.000} s",
            done.Id, outcome.Result!.Frames.Length, outcome.Result.GenerationSeconds);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
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

    private async Task CompleteAsync(Attempt attempt, GenerationResult result)
    {
        var active = attempt.Active;
        var job = active.Job;
        var started = time.GetTimestamp();
        // Encode the batch's images in parallel: PNG compression is the largest cost after generation.
        JobOutput[] saved;
        using (var span = SdsTracing.StartStage("encode_outputs"))
        {
            span?.SetTag("sds.images", result.Images.Length);
            saved = await Task.WhenAll(result.Images.Select((image, i) => Task.Run(() =>
                outputs.SaveAsync(job.Id, i, image, InfotextFormatter.Format(job.Parameters, image.Seed), CancellationToken.None))));
        }
        var savedAt = time.GetTimestamp();
        active.Clock!.EncodeSeconds = time.GetElapsedTime(started, savedAt).TotalSeconds;
        var done = job with { Status = JobStatus.Completed, Outputs = [.. saved], CompletedAt = time.GetUtcNow(), Error = null };
        await FinishAsync(active, done);
        logger.LogInformation("Job {JobId} completed: {ImageCount} image(s), engine time {EngineSeconds:0.000} s, saved in {SaveMs:0.0} ms, stored in {StoreMs:0.0} ms",
            done.Id, saved.Length, result.GenerationSeconds, time.GetElapsedTime(started, savedAt).TotalMilliseconds, time.GetElapsedTime(savedAt).TotalMilliseconds);
    }

    /// <summary>Charges the failure to the job, then requeues it or fails it for good; either way what it wrote is removed.</summary>
    private async Task FailAsync(Attempt attempt, WorkerFailure failure)
    {
        var active = attempt.Active;
        var workerId = attempt.Lease.WorkerId;
        // Recorded before the decision: crash kinds count their earlier failures; the others fail at once anyway.
        var job = active.Job with { Failures = active.Job.Failures.Add(new JobFailure(failure.Kind, failure.Message, workerId, time.GetUtcNow())) };
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
        job = job with { Status = JobStatus.Failed, Error = decision.Error, CompletedAt = time.GetUtcNow() };
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
        var job = active.Job with { Status = JobStatus.Cancelled, CompletedAt = time.GetUtcNow() };
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
        job = StopClock(active, job) with { Status = JobStatus.Queued, StartedAt = null };
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

    /// <summary>Supervisor I/O (reading a job's inputs) as a storage failure of the job, never as a worker's.</summary>
    private static async Task<T> OwnIoAsync<T>(Func<Task<T>> io, string doing)
    {
        try
        {
            return await io();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageException.TryWrap(ex, doing, out var storage))
        {
            throw storage;
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
