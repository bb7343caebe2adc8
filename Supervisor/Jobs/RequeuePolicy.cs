using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Decides, after a worker failure was recorded on a job, whether it runs again. A job present at
/// <c>MaxAttempts</c> crashes is poison and fails with the kind of its last crash, so one bad request
/// cannot crash-loop a GPU; out-of-memory gets fewer retries because the same size will not fit again,
/// unless a slot with a larger device is there to take it (see <see cref="JobPlacement"/>).
/// </summary>
public sealed class RequeuePolicy(IOptions<SupervisorOptions> options, JobPlacement? placement = null)
{
    public RequeueDecision Decide(Job job, WorkerFailure failure)
    {
        var r = options.Value.Resilience;
        switch (failure.Kind)
        {
            case FailureKind.GenerationFailed or FailureKind.ModelLoadFailure or FailureKind.StartupFailure:
                return RequeueDecision.Fail(new JobError(failure.Kind, failure.Message));
            case FailureKind.CudaOutOfMemory:
                var oom = job.Failures.Count(f => f.Kind == FailureKind.CudaOutOfMemory);
                // A larger device may still hold it: the scheduler sends it only there, so such a retry is never the same one.
                var larger = placement?.HasLargerDeviceAfterOutOfMemory(job) == true && job.Failures.Count < r.MaxAttempts;
                if (!larger && (oom > r.OutOfMemoryRetries || job.Failures.Count >= r.MaxAttempts))
                {
                    var what = $"out of GPU memory {job.Request.OutOfMemoryContext()} on {oom} attempt(s)";
                    if (job.Request.OutOfMemoryAdvice() is { } advice)
                        what += $"; {advice}";
                    return RequeueDecision.Fail(new JobError(FailureKind.CudaOutOfMemory, $"{what}. Last error: {failure.Message}"));
                }
                return RequeueDecision.Retry;
        }

        if (failure.Kind is FailureKind.StorageError or FailureKind.InternalError)
        {
            // Not the worker's fault, and maybe passing (a disk being cleaned up): retried, but charged, so a disk
            // that stays full or read-only cannot keep a job (and its GPU time) cycling forever.
            return job.Failures.Count >= r.MaxAttempts
                ? RequeueDecision.Fail(new JobError(failure.Kind, $"{failure.Message} (on all {job.Failures.Count} attempts)"))
                : RequeueDecision.Retry;
        }

        var crashes = job.Failures.Count;
        if (crashes >= r.MaxAttempts)
            return RequeueDecision.Fail(new JobError(failure.Kind,
                $"the worker failed on all {crashes} attempts of this job ({failure.Kind}); it was not retried further. Last error: {failure.Message}"));
        return RequeueDecision.Retry;
    }
}
