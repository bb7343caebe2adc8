namespace SdSupervised.Supervisor.Jobs;

/// <summary>What the API does with jobs: submit, look up, cancel, clear. No HTTP in here.</summary>
public sealed class JobService(IJobStore store, JobQueue queue, Workers.SchedulerSignal signal, Events.IJobEvents events, TimeProvider time, ILogger<JobService> logger)
{
    /// <summary>Stores a new job (seed resolved), queues it, and returns it with its 1-based queue position.</summary>
    public async Task<JobSnapshot> SubmitAsync(GenerationParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.Seed < 0)
            parameters = parameters with { Seed = Random.Shared.NextInt64(0, uint.MaxValue) };
        var queued = await EnqueueAsync(NewJob(JobType.Text2Img) with { Parameters = parameters }, cancellationToken);
        logger.LogInformation("Job {JobId} queued: {Width}x{Height}, {Steps} steps, seed {Seed}, position {Position}",
            queued.Job.Id, parameters.Width, parameters.Height, parameters.Steps, parameters.Seed, queued.Position);
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

    private Job NewJob(JobType type) => new()
    {
        Id = Job.NewId(),
        Type = type,
        Status = JobStatus.Queued,
        Parameters = new GenerationParameters(),
        CreatedAt = time.GetUtcNow(),
    };

    /// <summary>Stored first (the 202 promises durability), then queued in memory and the scheduler woken.</summary>
    private async Task<JobSnapshot> EnqueueAsync(Job job, CancellationToken cancellationToken)
    {
        job = await store.InsertAsync(job, cancellationToken);
        var active = new ActiveJob(job);
        queue.Enqueue(active);
        var position = queue.PositionOf(active);
        events.Queued(job, position);
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

    /// <summary>Cancels every queued job; running jobs are left alone.</summary>
    public async Task<int> ClearQueueAsync(CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var job in queue.QueuedJobs())
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
