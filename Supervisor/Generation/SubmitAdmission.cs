using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// The refusals every submit path shares once a request is valid: the server shutting down (503), a full disk (507),
/// and the submitter's share of the queue (429 <c>too_many_jobs</c>, guests and per-principal); plus the guests'
/// size and step limits, checked with the request's fields. Image and video submits both ask here, so neither can
/// slip past a limit the other keeps.
/// </summary>
public sealed class SubmitAdmission(
    Storage.StorageGuard storage,
    JobService jobs,
    JobEstimator estimator,
    IHostApplicationLifetime lifetime,
    IOptions<SupervisorOptions> options,
    Auth.IRequester requester,
    ILogger<SubmitAdmission> logger)
{
    /// <summary>Why a valid request cannot be queued now, or null when it can.</summary>
    public SubmitError? Refusal()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return new SubmitError(RefusalKind.ShuttingDown, "shutting_down",
                "the server is shutting down and takes no new jobs; running jobs are finishing. Retry once it is back.",
                RetryAfter: TimeSpan.FromSeconds(options.Value.Resilience.ShutdownGraceSeconds));
        if (storage.Refusal() is { } storageFull)
            return storageFull;

        var by = requester.Current;
        if (QueuedJobLimit(by) is { } perPrincipal && jobs.ActiveCountOf(by!.Name) is var active && active >= perPrincipal)
        {
            logger.LogWarning("Submit refused: {Principal} has {Active} jobs queued or running (limit {Limit})", by.Name, active, perPrincipal);
            return new SubmitError(RefusalKind.TooManyJobs, "too_many_jobs",
                $"'{by.Name}' already has {perPrincipal} jobs queued or running (limit {perPrincipal}{(by.IsGuest ? " for guests; log in for more" : "")}); retry when one is done",
                RetryAfter: estimator.QueueDrainTime(1));
        }
        return null;
    }

    /// <summary><c>--auth optional</c>: a request without credentials gets a smaller share of the GPUs.</summary>
    public void CheckGuestLimits(int width, int height, int steps, int batch, Action<string, string> add)
    {
        if (requester.Current is not { IsGuest: true }) return;
        var guest = options.Value.Auth.Guest;
        const string more = "; log in for more";
        if (width > guest.MaxSize) add("width", $"guests may ask for at most {guest.MaxSize} px (Sds:Auth:Guest:MaxSize){more}.");
        if (height > guest.MaxSize) add("height", $"guests may ask for at most {guest.MaxSize} px (Sds:Auth:Guest:MaxSize){more}.");
        if (steps > guest.MaxSteps) add("steps", $"guests may ask for at most {guest.MaxSteps} steps (Sds:Auth:Guest:MaxSteps){more}.");
        if (batch > guest.MaxBatch) add("batch_count", $"guests may ask for at most {guest.MaxBatch} images a job (Sds:Auth:Guest:MaxBatch){more}.");
    }

    /// <summary>How many unfinished jobs the submitter may have: the guest limit, the per-principal limit, or none.</summary>
    private int? QueuedJobLimit(Auth.AuthPrincipal? by)
    {
        var auth = options.Value.Auth;
        if (by is null || by.Owner is null) return null;
        if (by.IsGuest) return auth.Guest.MaxQueuedJobs;
        return auth.MaxQueuedJobsPerPrincipal > 0 ? auth.MaxQueuedJobsPerPrincipal : null;
    }
}
