using System.Diagnostics;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// One job's trace: a <c>job</c> span from submit to its end, a <c>queue</c> span for each wait and an <c>attempt</c>
/// span per attempt, all children of <c>job</c>. Its spans outlive the request that submitted the job and run
/// across threads, so none of them is left as <see cref="Activity.Current"/>: the runner makes the attempt current
/// in its own flow, and the stages it starts (and the worker's spans) hang below it.
/// </summary>
public sealed class JobTrace
{
    private readonly Lock _lock = new();
    private readonly Activity _job;
    private Activity? _queue;
    private Activity? _attempt;

    private JobTrace(Activity job) => _job = job;

    /// <summary>
    /// The job's span, a child of the current span (the HTTP request's) when there is one; null when tracing is off
    /// or the trace is not sampled, and then the job costs nothing more. <paramref name="recovered"/>: started at the
    /// job's first attempt since this supervisor started (a job recovered from the store), so it has no submit.
    /// </summary>
    public static JobTrace? Start(Job job, bool recovered = false)
    {
        var activity = Detached(() => SdsTracing.Source.StartActivity("job"));
        if (activity is null)
            return null;
        activity.SetTag("sds.job.id", job.Id);
        activity.SetTag("sds.job.type", JobJson.EnumName(job.Type));
        if (job.Request switch { GenerationParameters p => p.Model, VideoParameters v => v.Model, _ => null } is { } model)
            activity.SetTag("sds.model", model);
        if (recovered)
            activity.SetTag("sds.recovered", true);
        return new JobTrace(activity);
    }

    public ActivityContext Context => _job.Context;

    /// <summary>The job waits in the queue (after submit, or again after an interrupted attempt).</summary>
    public void Queued()
    {
        lock (_lock)
            _queue ??= Detached(() => SdsTracing.Source.StartActivity("queue", ActivityKind.Internal, _job.Context));
    }

    /// <summary>The wait ends and attempt <paramref name="number"/> starts on <paramref name="workerId"/>; its span, for the runner to make current.</summary>
    public Activity? BeginAttempt(int number, string workerId)
    {
        lock (_lock)
        {
            StopDetached(ref _queue);
            StopDetached(ref _attempt);
            _attempt = Detached(() => SdsTracing.Source.StartActivity("attempt", ActivityKind.Internal, _job.Context));
            _attempt?.SetTag("sds.attempt", number);
            _attempt?.SetTag("sds.worker.id", workerId);
            return _attempt;
        }
    }

    /// <summary>The attempt ended without ending the job (requeued), with the failure that interrupted it, if any.</summary>
    public void AttemptInterrupted(FailureKind? failure)
    {
        lock (_lock)
        {
            if (_attempt is { } attempt)
            {
                attempt.SetTag("sds.outcome", "requeued");
                if (failure is { } kind)
                {
                    attempt.SetTag("sds.failure_kind", FailureName(kind));
                    attempt.SetStatus(ActivityStatusCode.Error, FailureName(kind));
                }
                StopDetached(ref _attempt);
            }
        }
    }

    /// <summary>The job ended (completed, failed, cancelled): the open attempt or wait and the job's span end with its outcome.</summary>
    public void End(Job job)
    {
        lock (_lock)
        {
            var outcome = JobJson.EnumName(job.Status);
            var failure = job.Status == JobStatus.Failed && job.Error is { } error ? FailureName(error.Kind) : null;
            foreach (var span in new[] { _attempt, _job })
            {
                if (span is null)
                    continue;
                span.SetTag("sds.outcome", outcome);
                if (failure is not null)
                {
                    span.SetTag("sds.failure_kind", failure);
                    span.SetStatus(ActivityStatusCode.Error, failure);
                }
                else if (job.Status == JobStatus.Completed)
                {
                    span.SetStatus(ActivityStatusCode.Ok);
                }
            }
            StopDetached(ref _queue);
            StopDetached(ref _attempt);
            Stop(_job);
        }
    }

    /// <summary>The submit did not reach the queue (its insert failed): the job's span ends as an error.</summary>
    public void Abandon(string reason)
    {
        lock (_lock)
        {
            _job.SetTag("sds.outcome", "not_stored");
            _job.SetStatus(ActivityStatusCode.Error, reason);
            Stop(_job);
        }
    }

    private static string FailureName(FailureKind kind) => JobJson.EnumName(kind);

    private static void StopDetached(ref Activity? span)
    {
        if (span is not { } open)
            return;
        span = null;
        Stop(open);
    }

    private static void Stop(Activity span) => Detached(() =>
    {
        span.Stop();
        return span;
    });

    /// <summary>Starting or stopping a span moves <see cref="Activity.Current"/>; the caller's flow keeps its own.</summary>
    private static Activity? Detached(Func<Activity?> act)
    {
        var previous = Activity.Current;
        try
        {
            return act();
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
