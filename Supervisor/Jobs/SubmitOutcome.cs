namespace SdSupervised.Supervisor.Jobs;

/// <summary>What a submit came to: the job stored and queued (<see cref="Job"/>), or refused because the queue is full.</summary>
public sealed record SubmitOutcome(JobSnapshot? Job, QueueFull? QueueFull)
{
    public static SubmitOutcome Queued(JobSnapshot job) => new(job, null);

    public static SubmitOutcome Refused(QueueFull full) => new(null, full);
}
