namespace SdSupervised.Supervisor.Jobs;

/// <summary>The running attempt's stopwatch: the runner fills in the phases as they end, then stamps <see cref="AttemptTimings"/> on the job.</summary>
public sealed class AttemptClock(int attempt, string workerId, DateTimeOffset queuedSince, DateTimeOffset startedAt)
{
    public string? Model { get; set; }
    public double LoadSeconds { get; set; }
    public double EngineSeconds { get; set; }
    public double EncodeSeconds { get; set; }

    /// <summary>When the job waited in the queue before this attempt: since submission, or since the previous attempt ended.</summary>
    public static DateTimeOffset QueuedSince(Job job) =>
        job.Timings.Count > 0 && job.Timings[^1].FinishedAt > job.CreatedAt ? job.Timings[^1].FinishedAt : job.CreatedAt;

    public AttemptTimings Stop(DateTimeOffset finishedAt)
    {
        var queued = Math.Max(0, (startedAt - queuedSince).TotalSeconds);
        var ran = Math.Max(0, (finishedAt - startedAt).TotalSeconds);
        return new AttemptTimings(attempt, workerId, Model, startedAt, finishedAt, queued, LoadSeconds, EngineSeconds, EncodeSeconds, queued + ran);
    }
}
