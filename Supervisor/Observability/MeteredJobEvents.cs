using System.Collections.Concurrent;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// The job lifecycle seen by the metrics: wraps the journal's <see cref="IJobEvents"/> so the job service and runner
/// keep one sink, and records the job's own figures (its <see cref="AttemptTimings"/>), so the metrics and the job JSON
/// can never disagree. Like every sink it is quick and never throws.
/// </summary>
public sealed class MeteredJobEvents(IJobEvents inner, SdsMetrics metrics) : IJobEvents
{
    private readonly ConcurrentDictionary<string, double> _stepsPerSecond = new(StringComparer.Ordinal);

    /// <summary>Denoising steps per second of each worker's last completed generation (steps × batch over engine time).</summary>
    public IReadOnlyDictionary<string, double> StepsPerSecond => _stepsPerSecond;

    public void Queued(Job job, int? position)
    {
        if (job.Attempts == 0)
            metrics.JobsSubmitted.Add(1, new KeyValuePair<string, object?>("type", TypeOf(job)));
        inner.Queued(job, position);
    }

    public void Started(Job job) => inner.Started(job);

    public void Progress(Job job, JobProgress progress) => inner.Progress(job, progress);

    public void Preview(Job job, JobProgress progress) => inner.Preview(job, progress);

    public void Requeued(Job job)
    {
        RecordAttempt(job);
        metrics.JobsRequeued.Add(1, new("type", TypeOf(job)), new("failure_kind", job.Failures.LastOrDefault()?.Kind is { } k ? JobJson.EnumName(k) : "none"));
        inner.Requeued(job);
    }

    public void Finished(Job job)
    {
        var type = TypeOf(job);
        metrics.JobsFinished.Add(1, new("type", type), new("status", JobJson.EnumName(job.Status)),
            new("failure_kind", job.Error?.Kind is { } kind ? JobJson.EnumName(kind) : "none"));
        var attempt = RecordAttempt(job);
        if (job.CompletedAt is { } completed)
            metrics.TotalTime.Record(Math.Max(0, (completed - job.CreatedAt).TotalSeconds), new("type", type), new("model", ModelOf(job, attempt)));
        if (job.Status == JobStatus.Completed && job.Type != JobType.Convert)
        {
            metrics.ImagesGenerated.Add(job.Outputs.Count, new KeyValuePair<string, object?>("type", type));
            metrics.PixelsGenerated.Add(job.Outputs.Sum(o => (long)o.Width * o.Height), new KeyValuePair<string, object?>("type", type));
            if (attempt is { WorkerId: { } worker, EngineSeconds: > 0 } && SampledSteps(job.Request) is > 0 and var steps)
                _stepsPerSecond[worker] = steps / attempt.EngineSeconds;
        }
        inner.Finished(job);
    }

    /// <summary>
    /// The attempt that just ended, if a runner ran one: a requeue always ends one; a finished job's last attempt ended
    /// with it (same instant), else it was cancelled in the queue and that attempt was recorded when it was requeued.
    /// </summary>
    private AttemptTimings? RecordAttempt(Job job)
    {
        if (job.Timings.Count == 0)
            return null;
        var t = job.Timings[^1];
        if (job.IsFinished && t.FinishedAt != job.CompletedAt)
            return null;
        var type = new KeyValuePair<string, object?>("type", TypeOf(job));
        var model = new KeyValuePair<string, object?>("model", ModelOf(job, t));
        metrics.QueueWait.Record(t.QueuedSeconds, type, model);
        if (t.EngineSeconds > 0)
            metrics.EngineTime.Record(t.EngineSeconds, type, model);
        if (t.EncodeSeconds > 0)
            metrics.EncodeTime.Record(t.EncodeSeconds, type);
        return t;
    }

    private static string TypeOf(Job job) => JobJson.EnumName(job.Type);

    /// <summary>The sampling steps an attempt ran, for the worker's steps/s; upscales and conversions sample none.</summary>
    private static int SampledSteps(JobRequest request) => request switch
    {
        GenerationParameters p => p.Steps * Math.Max(1, p.BatchCount),
        VideoParameters v => v.TotalSteps,
        _ => 0,
    };

    /// <summary>The model the attempt resolved (a catalog id), never the raw request, which a client could vary without bound.</summary>
    private static string ModelOf(Job job, AttemptTimings? attempt) => attempt?.Model ?? (job.Type == JobType.Upscale ? "esrgan" : "none");
}
