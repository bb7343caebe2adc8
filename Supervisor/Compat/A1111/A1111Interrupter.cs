using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// <c>/sdapi/v1/interrupt</c> and <c>/sdapi/v1/skip</c>: A1111 stops its one running generation; here every running
/// job is cancelled (the worker stops sampling; the job ends <c>cancelled</c>). Queued jobs are left alone, as A1111's
/// waiting requests are. Skip cannot drop one image of a batch here, so it stops the job like interrupt.
/// </summary>
public sealed class A1111Interrupter(JobService jobs, ILogger<A1111Interrupter> logger)
{
    /// <param name="mayStop">Which jobs the caller may stop (a user: their own).</param>
    public async Task<IReadOnlyList<string>> InterruptRunningAsync(string reason, Func<Job, bool> mayStop, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        foreach (var job in jobs.GetQueue().Jobs.Where(j => j.Position is null && mayStop(j.Job)))
        {
            if (await jobs.CancelAsync(job.Job.Id, cancellationToken) is CancelOutcome.Cancelling or CancelOutcome.Cancelled)
            {
                stopped.Add(job.Job.Id);
                logger.LogInformation("Job {JobId} cancelled by /sdapi/v1/{Reason}", job.Job.Id, reason);
            }
        }
        return stopped;
    }
}
