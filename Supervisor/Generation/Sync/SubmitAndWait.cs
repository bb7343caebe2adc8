using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>
/// The one synchronous path of every family (<c>/api/v1/generate</c>, A1111 txt2img/img2img/extras, OpenAI images):
/// submit a draft, wait for its job (at most the given time), and say what came of it as a <see cref="SyncOutcome"/>.
/// When the caller's token fires while waiting (the client hung up), the job is kept or cancelled by
/// <c>Sds:Sync:OnDisconnect</c>, or when that is unset by the family's default
/// (<see cref="SyncFamilies.DefaultPolicy"/>), and the cancellation goes on to the caller.
/// </summary>
public sealed class SubmitAndWait(ISyncJobs jobs, IOptions<SupervisorOptions> options, ILogger<SubmitAndWait> logger)
{
    /// <summary>The policy in force for <paramref name="family"/>: the configured one, or the family's default.</summary>
    public DisconnectPolicy PolicyFor(SyncFamily family) => options.Value.Sync.OnDisconnect ?? SyncFamilies.DefaultPolicy(family);

    /// <summary>
    /// Submits <paramref name="draft"/> and waits up to <paramref name="wait"/>. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, after applying the
    /// disconnect policy to a job already submitted.
    /// </summary>
    public async Task<SyncOutcome> RunAsync(GenerationDraft draft, TimeSpan wait, SyncFamily family, CancellationToken cancellationToken)
    {
        var submitted = await jobs.SubmitAsync(draft, cancellationToken);
        if (!submitted.Accepted)
            return new SyncOutcome.Refused(submitted.Error!.Kind, submitted.Error!);
        var queued = submitted.Job!;
        var jobId = queued.Job.Id;
        logger.LogInformation("{SyncFamily} request is job {JobId}; waiting up to {WaitSeconds} s", family, jobId, wait.TotalSeconds);

        JobSnapshot? finished;
        try
        {
            finished = await jobs.WaitAsync(jobId, wait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await OnDisconnectAsync(jobId, family);
            throw;
        }

        if (finished is null)
        {
            logger.LogWarning("Job {JobId} disappeared while a {SyncFamily} client waited for it", jobId, family);
            return new SyncOutcome.Pending(queued, wait, Lost: true);
        }
        return finished.Job.Status switch
        {
            JobStatus.Completed => new SyncOutcome.Completed(finished),
            JobStatus.Failed or JobStatus.Cancelled => new SyncOutcome.Failed(finished),
            _ => new SyncOutcome.Pending(finished, wait),
        };
    }

    private async Task OnDisconnectAsync(string jobId, SyncFamily family)
    {
        var policy = PolicyFor(family);
        if (policy == DisconnectPolicy.Keep)
        {
            logger.LogInformation("The {SyncFamily} client of job {JobId} went away while waiting; the job goes on (on-disconnect {DisconnectPolicy})",
                family, jobId, policy);
            return;
        }
        // The client's token has fired: the cancel must not depend on it.
        var outcome = await jobs.CancelAsync(jobId, CancellationToken.None);
        logger.LogInformation("The {SyncFamily} client of job {JobId} went away while waiting; cancel: {CancelOutcome} (on-disconnect {DisconnectPolicy})",
            family, jobId, outcome, policy);
    }
}
