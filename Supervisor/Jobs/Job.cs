using System.Collections.Immutable;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A job as stored. Immutable: every transition makes a new value (<see cref="Start"/>, <see cref="Complete"/>,
/// <see cref="Fail"/>, <see cref="Requeue"/>, <see cref="Cancel"/>, each refusing a move its status does not allow)
/// and is persisted by <see cref="IJobStore.UpdateAsync"/>. Progress is not part of it (it is live state, not durable).
/// </summary>
public sealed record Job
{
    public required string Id { get; init; }
    /// <summary>FIFO order; assigned by the store on insert.</summary>
    public long Sequence { get; init; }
    public JobType Type { get; init; } = JobType.Text2Img;
    public JobStatus Status { get; init; } = JobStatus.Queued;

    /// <summary>What the job does; its runtime type picks the runner (<see cref="IJobKindRunner"/>) and fits <see cref="Type"/>.</summary>
    public required JobRequest Request
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Request));
    }

    /// <summary>How many times a worker started running this job.</summary>
    public int Attempts { get; init; }
    public ImmutableList<JobFailure> Failures { get; init; } = [];
    public JobError? Error { get; init; }
    public ImmutableList<JobOutput> Outputs { get; init; } = [];
    /// <summary>One entry per attempt that ended (requeued or finished), in order.</summary>
    public ImmutableList<AttemptTimings> Timings { get; init; } = [];
    /// <summary>The worker running it, or that ran it last.</summary>
    public string? WorkerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who submitted it (null when authentication is off, and for model conversions, which only admins start).</summary>
    public string? Owner => Request.Owner;

    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>The request as the kind a runner for <typeparamref name="T"/> expects; anything else is a bug, not data.</summary>
    public T RequestAs<T>() where T : JobRequest =>
        Request as T ?? throw new InvalidOperationException($"job {Id} ({JobJson.EnumName(Type)}) holds a {Request.GetType().Name}, not a {typeof(T).Name}");

    /// <summary>A worker takes it: queued → running, one more attempt.</summary>
    public Job Start(string workerId, DateTimeOffset at)
    {
        Require(JobStatus.Queued, "start");
        return this with { Status = JobStatus.Running, Attempts = Attempts + 1, WorkerId = workerId, StartedAt = at };
    }

    /// <summary>Its attempt succeeded: running → completed with these outputs.</summary>
    public Job Complete(IEnumerable<JobOutput> outputs, DateTimeOffset at)
    {
        Require(JobStatus.Running, "complete");
        return this with { Status = JobStatus.Completed, Outputs = [.. outputs], Error = null, CompletedAt = at };
    }

    /// <summary>It will not run again: queued or running → failed with <paramref name="error"/>.</summary>
    public Job Fail(JobError error, DateTimeOffset at)
    {
        RequireUnfinished("fail");
        return this with { Status = JobStatus.Failed, Error = error, CompletedAt = at };
    }

    /// <summary>Its attempt was interrupted and it runs again: running → queued, at its original place in line.</summary>
    public Job Requeue()
    {
        Require(JobStatus.Running, "requeue");
        return this with { Status = JobStatus.Queued, StartedAt = null };
    }

    /// <summary>Someone cancelled it: queued or running → cancelled.</summary>
    public Job Cancel(DateTimeOffset at)
    {
        RequireUnfinished("cancel");
        return this with { Status = JobStatus.Cancelled, CompletedAt = at };
    }

    /// <summary>Charges one failure of an attempt (a crash, a hang, a clean error) to the job; its status is left as it is.</summary>
    public Job RecordFailure(JobFailure failure) => this with { Failures = Failures.Add(failure) };

    private void Require(JobStatus from, string transition)
    {
        if (Status != from)
            throw new InvalidJobTransitionException(Id, Status, transition);
    }

    private void RequireUnfinished(string transition)
    {
        if (IsFinished)
            throw new InvalidJobTransitionException(Id, Status, transition);
    }

    /// <summary>New URL-safe, time-ordered id.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
