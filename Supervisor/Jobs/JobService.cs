using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>What the API does with jobs: submit, look up, cancel, clear. No HTTP in here.</summary>
public sealed class JobService(
    IJobStore store,
    JobQueue queue,
    Workers.SchedulerSignal signal,
    Events.IJobEvents events,
    Cluster.RemoteJobProgress remote,
    Generation.JobEstimator estimator,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<JobService> logger)
{
    /// <summary>Guards the admission count and the order of <see cref="_storing"/> against the queue's own count.</summary>
    private readonly Lock _admission = new();

    /// <summary>Submits admitted but not in the queue yet (saving inputs, being stored): they hold places within the limit.</summary>
    private int _admitted;

    /// <summary>Inserts in the order they were asked of the store, which is the order of their sequences.</summary>
    private readonly Queue<Storing> _storing = new();

    /// <summary>
    /// Takes a place in the queue (or refuses: the queue is full), runs <paramref name="prepare"/> (e.g. saving the
    /// input images, so a refused submit writes nothing), stores the job and queues it. The limit counts the queued
    /// jobs and the places taken by submits still on their way, in one step under a lock, so concurrent submits
    /// cannot overshoot it.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(Job job, Func<Job, CancellationToken, Task<Job>>? prepare, CancellationToken cancellationToken)
    {
        if (TryAdmit() is { } full)
            return SubmitOutcome.Refused(full);
        if (prepare is not null)
        {
            try
            {
                job = await prepare(job, cancellationToken);
            }
            catch
            {
                lock (_admission)
                    _admitted--;
                throw;
            }
        }

        var queued = await StoreAndQueueAsync(job, cancellationToken);
        LogQueued(queued);
        return SubmitOutcome.Queued(queued);
    }

    /// <summary>Stores and queues a model conversion; it runs on the next idle worker like any job.</summary>
    public Task<SubmitOutcome> SubmitConvertAsync(ConvertParameters parameters, CancellationToken cancellationToken) =>
        SubmitAsync(NewJob(JobType.Convert, parameters), prepare: null, cancellationToken);

    /// <summary>A new queued job of <paramref name="type"/> doing <paramref name="request"/>, with a fresh id.</summary>
    public Job NewJob(JobType type, JobRequest request, string? id = null)
    {
        if (!request.Fits(type))
            throw new ArgumentException($"a {request.GetType().Name} cannot be a {JobJson.EnumName(type)} job", nameof(request));
        return new Job
        {
            Id = id ?? Job.NewId(),
            Type = type,
            Status = JobStatus.Queued,
            Request = request,
            CreatedAt = time.GetUtcNow(),
        };
    }

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

    /// <summary>Takes a place for one submit, or says why not; one step with the count, so concurrent submits cannot both take the last place.</summary>
    private QueueFull? TryAdmit()
    {
        var limit = options.Value.Limits.MaxQueueLength;
        int waiting;
        lock (_admission)
        {
            waiting = queue.QueuedCount + _admitted;
            if (waiting < limit)
            {
                _admitted++;
                return null;
            }
        }
        logger.LogWarning("Submit refused: the queue holds {Queued} jobs (limit {Limit})", waiting, limit);
        return new QueueFull(waiting, limit, estimator.QueueDrainTime(waiting - limit + 1));
    }

    /// <summary>
    /// Stored first (the 202 promises durability), then queued in memory and the scheduler woken. Inserts land in
    /// batches and their callers resume in any order, so no caller queues its own job: each marks its insert landed
    /// and queues every landed one at the head of <see cref="_storing"/>, in sequence order. Otherwise a later job
    /// could reach the queue, and a worker, before an earlier one from the same batch.
    /// </summary>
    private async Task<JobSnapshot> StoreAndQueueAsync(Job job, CancellationToken cancellationToken)
    {
        // Started here, in the submitting request's flow, so the HTTP request's span is the job's parent.
        var storing = new Storing { Trace = Observability.JobTrace.Start(job) };
        Task<Job> insert;
        lock (_admission)
        {
            _storing.Enqueue(storing);
            try
            {
                insert = store.InsertAsync(job, cancellationToken);
            }
            catch (Exception ex)
            {
                insert = Task.FromException<Job>(ex);
            }
        }

        Job? stored = null;
        Exception? error = null;
        try
        {
            stored = await insert;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        lock (_admission)
        {
            storing.Land(stored, error);
            QueueLandedInOrder();
        }
        signal.Wake();
        return await storing.Queued.Task;
    }

    /// <summary>Moves the landed inserts at the head of <see cref="_storing"/> into the queue (or drops the failed ones); under the lock.</summary>
    private void QueueLandedInOrder()
    {
        while (_storing.TryPeek(out var head) && head.Landed)
        {
            _storing.Dequeue();
            _admitted--;
            if (head.Job is not { } landed)
            {
                head.Trace?.Abandon(head.Error!.Message);
                head.Queued.SetException(head.Error!);
                continue;
            }
            var active = new ActiveJob(landed) { Trace = head.Trace };
            active.Trace?.Queued();
            // Announced before the scheduler can see it, so "queued" always precedes "started" in the event stream.
            events.Queued(landed, queue.QueuedCount + 1);
            queue.Enqueue(active);
            head.Queued.SetResult(new JobSnapshot(landed, null, queue.PositionOf(active)));
        }
    }

    private void LogQueued(JobSnapshot queued)
    {
        var job = queued.Job;
        switch (job.Request)
        {
            case UpscaleParameters u:
                logger.LogInformation("Job {JobId} queued: upscale {Width}x{Height} by {Factor}, position {Position}",
                    job.Id, u.SourceWidth, u.SourceHeight, u.UpscaleFactor, queued.Position);
                break;
            case VideoParameters v:
                logger.LogInformation("Job {JobId} queued: video {Width}x{Height}, {FrameCount} frames at {Fps} fps on {Model}, position {Position}",
                    job.Id, v.Width, v.Height, v.VideoFrames, v.Fps, v.Model, queued.Position);
                break;
            case ConvertParameters c:
                logger.LogInformation("Job {JobId} queued: convert {ModelInput} to {OutputType} at {ModelOutput}, position {Position}",
                    job.Id, c.Input, c.OutputType, c.Output, queued.Position);
                break;
            case GenerationParameters p:
                logger.LogInformation("Job {JobId} queued: {JobType} {Width}x{Height}, {Steps} steps, seed {Seed}, position {Position}",
                    job.Id, JobJson.EnumName(job.Type), p.Width, p.Height, p.Steps, p.Seed, queued.Position);
                break;
        }
    }

    /// <summary>
    /// A job as it is now: a job running here from memory (live progress), any other from the store. In a cluster a
    /// job queued here may already run on another node (this node hears of the claim a moment later), so a queued
    /// job's view is the database's too, with the step the running node last told (<see cref="Cluster.RemoteJobProgress"/>).
    /// </summary>
    public async Task<JobSnapshot?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var active = queue.Find(id);
        var cluster = Postgres.ClusterStore.Of(store) is not null;
        if (active is not null && (!cluster || active.Job.Status != JobStatus.Queued))
            return new JobSnapshot(active.Job, active.Progress, queue.PositionOf(active));
        var job = await store.GetAsync(id, cancellationToken);
        if (job is null || (active is not null && job.Status == JobStatus.Queued))
            return active is null ? null : new JobSnapshot(active.Job, active.Progress, queue.PositionOf(active));
        return new JobSnapshot(job, job.Status == JobStatus.Running ? remote.ProgressOf(id) : null, null);
    }

    public async Task<CancelOutcome> CancelAsync(string id, CancellationToken cancellationToken)
    {
        if (queue.TryRemoveQueued(id, out var queued))
        {
            var job = queued!.Job.Cancel(time.GetUtcNow());
            try
            {
                await store.UpdateAsync(job, CancellationToken.None);
            }
            catch (Postgres.JobOwnershipLostException)
            {
                // Another node claimed it between our look and our write: it runs there, so ask that node to stop it.
                return await RequestRemoteCancelAsync(id, cancellationToken);
            }
            queued.Job = job;
            queued.Trace?.End(job);
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
        if (Postgres.ClusterStore.Of(store) is not null)
            return await RequestRemoteCancelAsync(id, cancellationToken);
        var stored = await store.GetAsync(id, cancellationToken);
        return stored is null ? CancelOutcome.NotFound : CancelOutcome.AlreadyFinished;
    }

    /// <summary>In a cluster, a job running on another node: the cancel goes through the database to the node that runs it.</summary>
    private async Task<CancelOutcome> RequestRemoteCancelAsync(string id, CancellationToken cancellationToken)
    {
        var cluster = Postgres.ClusterStore.Of(store)!;
        if (await cluster.RequestCancelAsync(id, cancellationToken))
        {
            logger.LogInformation("Job {JobId} cancel requested from another node", id);
            return CancelOutcome.Cancelling;
        }
        var stored = await store.GetAsync(id, cancellationToken);
        if (stored is { Status: JobStatus.Queued })
        {
            // Queued in the database but not (yet) in this node's queue: cancelled there, fenced against a claim.
            var job = stored.Cancel(time.GetUtcNow());
            try
            {
                await store.UpdateAsync(job, CancellationToken.None);
                events.Finished(job);
                return CancelOutcome.Cancelled;
            }
            catch (Postgres.JobOwnershipLostException)
            {
                return await cluster.RequestCancelAsync(id, cancellationToken) ? CancelOutcome.Cancelling : CancelOutcome.AlreadyFinished;
            }
        }
        return stored is null ? CancelOutcome.NotFound
            : stored.Status is JobStatus.Running ? CancelOutcome.Cancelling
            : CancelOutcome.AlreadyFinished;
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

    /// <summary>One submit between its insert call and the in-memory queue; changed only under <see cref="_admission"/>.</summary>
    private sealed class Storing
    {
        public bool Landed { get; private set; }
        public Observability.JobTrace? Trace { get; init; }
        public Job? Job { get; private set; }
        public Exception? Error { get; private set; }
        public TaskCompletionSource<JobSnapshot> Queued { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Land(Job? job, Exception? error)
        {
            Landed = true;
            Job = job;
            Error = error;
        }
    }
}
