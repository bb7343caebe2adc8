namespace SdSupervised.Supervisor.Jobs;

/// <summary>What the API does with jobs: submit, look up, cancel, clear. No HTTP in here.</summary>
public sealed class JobService(IJobStore store, JobQueue queue, Workers.SchedulerSignal signal, Events.IJobEvents events, TimeProvider time, ILogger<JobService> logger)
{
    /// <summary>Queued jobs (not running ones); submits beyond <c>Limits:MaxQueueLength</c> are refused.</summary>
    public int QueuedCount => queue.QueuedCount;

    /// <summary>Stores and queues a job prepared by <see cref="Generation.GenerationService"/> (id, type, seed and inputs final).</summary>
    public async Task<JobSnapshot> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        var queued = await EnqueueAsync(job, cancellationToken);
        if (job.Type == JobType.Upscale)
            logger.LogInformation("Job {JobId} queued: upscale {Width}x{Height} by {Factor}, position {Position}",
                job.Id, job.Upscale!.SourceWidth, job.Upscale.SourceHeight, job.Upscale.UpscaleFactor, queued.Position);
        else
            logger.LogInformation("Job {JobId} queued: {JobType} {Width}x{Height}, {Steps} steps, seed {Seed}, position {Position}",
                job.Id, JobJson.EnumName(job.Type), job.Parameters.Width, job.Parameters.Height, job.Parameters.Steps, job.Parameters.Seed, queued.Position);
        return queued;
    }

    /// <summary>Stores and queues a model conversion; it runs on the next idle worker like any job.</summary>
    public async Task<JobSnapshot> SubmitConvertAsync(ConvertParameters parameters, CancellationToken cancellationToken)
    {
        var queued = await EnqueueAsync(NewJob(JobType.Convert) with { Convert = parameters }, cancellationToken);
        logger.LogInformation("Job {JobId} queued: convert {ModelInput} to {OutputType} at {ModelOutput}, position {Position}",
            queued.Job.Id, parameters.Input, parameters.OutputType, parameters.Output, queued.Position);
        return queued;
    }

    /// <summary>A new queued job of <paramref name="type"/> with a fresh id and default parameters.</summary>
    public Job NewJob(JobType type, string? id = null) => new()
    {
        Id = id ?? Job.NewId(),
        Type = type,
        Status = JobStatus.Queued,
        Parameters = new GenerationParameters(),
        CreatedAt = time.GetUtcNow(),
    };

    /// <summary>
    /// The job once it finished, or as it is when <paramref name="timeout"/> passes first (the job goes on; only the
    /// wait ends). Null when no job has that id.
    /// </summary>
    public async Task<JobSnapshot?> WaitAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (queue.Find(id) is { } active)
        {
            try
            {
                await active.Finished.WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Stored first (the 202 promises durability), then queued in memory and the scheduler woken.</summary>
    private async Task<JobSnapshot> EnqueueAsync(Job job, CancellationToken cancellationToken)
    {
        job = await store.InsertAsync(job, cancellationToken);
        var active = new ActiveJob(job);
        // Announced before the scheduler can see it, so "queued" always precedes "started" in the event stream.
        events.Queued(job, queue.QueuedCount + 1);
        queue.Enqueue(active);
        var position = queue.PositionOf(active);
        signal.Wake();
        return new JobSnapshot(job, null, position);
    }

    public async Task<JobSnapshot?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (queue.Find(id) is { } active)
            return new JobSnapshot(active.Job, active.Progress, queue.PositionOf(active));
        var job = await store.GetAsync(id, cancellationToken);
        return job is null ? null : new JobSnapshot(job, null, null);
    }

    public async Task<CancelOutcome> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (queue.TryRemoveQueued(id, out var queued))
        {
            var job = queued!.Job with { Status = JobStatus.Cancelled, CompletedAt = time.GetUtcNow() };
            await store.UpdateAsync(job, CancellationToken.None);
            queued.Job = job;
            queued.MarkFinished();
            events.Finished(job);
            logger.LogInformation("Job {JobId} cancelled while queued", id);
            return CancelOutcome.Cancelled;
        }
        if (queue.Find(id) is { } running)
        {
            running.RequestCancel();
            logger.LogInformation("Job {JobId} cancel requested while running", id);
            return CancelOutcome.Cancelling;
        }
        var stored = await store.GetAsync(id, cancellationToken);
        return stored is null ? CancelOutcome.NotFound : CancelOutcome.AlreadyFinished;
    }

    /// <summary>Queued or running jobs of <paramref name="owner"/> (per-principal limits).</summary>
    public int ActiveCountOf(string owner) => queue.Snapshot().Count(e => e.Job.Job.Owner == owner);

    /// <summary>Cancels the queued jobs <paramref name="which"/> selects (a user's own, or all); running jobs are left alone.</summary>
    public async Task<int> ClearQueueAsync(Func<Job, bool> which, CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var job in queue.QueuedJobs().Where(j => which(j.Job)))
            if (await CancelAsync(job.Id, cancellationToken) == CancelOutcome.Cancelled)
                cleared++;
        return cleared;
    }

    public QueueSnapshot GetQueue()
    {
        var jobs = queue.Snapshot().Select(e => new JobSnapshot(e.Job.Job, e.Job.Progress, e.Position)).ToList();
        var queued = jobs.Count(j => j.Position is not null);
        return new QueueSnapshot(queued, jobs.Count - queued, jobs);
    }
}
