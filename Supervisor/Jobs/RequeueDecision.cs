namespace SdSupervised.Supervisor.Jobs;

/// <summary>What happens to a job after a failure: back in the queue, or failed with this error.</summary>
public sealed record RequeueDecision(bool Requeue, JobError? Error)
{
    public static RequeueDecision Retry { get; } = new(true, null);
    public static RequeueDecision Fail(JobError error) => new(false, error);
}
