using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Job lifecycle notifications from the job service and runner, in the order they happen for one job. Implementations
/// must be quick and must not throw: they are called on the job's critical path.
/// </summary>
public interface IJobEvents
{
    /// <summary>Stored and queued (<paramref name="position"/> 1-based).</summary>
    void Queued(Job job, int? position);

    /// <summary>A worker started an attempt (status running).</summary>
    void Started(Job job);

    void Progress(Job job, JobProgress progress);

    /// <summary>A new preview arrived (<see cref="JobProgress.Preview"/>, base64 PNG); only when previews are on.</summary>
    void Preview(Job job, JobProgress progress) { }

    /// <summary>Back in the queue after an interrupted attempt (crash, restart, shutdown).</summary>
    void Requeued(Job job);

    /// <summary>Completed, failed or cancelled; the job's last event.</summary>
    void Finished(Job job);
}
