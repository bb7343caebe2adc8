using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// Deletes a finished job: its outputs, its inputs and its row. The one operation behind <c>DELETE /api/queue/job/{id}</c>
/// and retention, so both leave the same nothing behind. Queued and running jobs are refused: their files are in use.
/// </summary>
public sealed class JobDeletion(IJobStore store, JobQueue queue, IOutputStore outputs, InputImageStore inputs, ILogger<JobDeletion> logger)
{
    public async Task<JobDeletionResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (queue.Find(id) is { } active)
            return new JobDeletionResult(JobDeletionOutcome.Active, active.Job);
        var job = await store.GetAsync(id, cancellationToken);
        if (job is null)
            return new JobDeletionResult(JobDeletionOutcome.NotFound, null);
        // Stored as queued or running but not in memory yet: recovery has not loaded it; still not ours to delete.
        if (!job.IsFinished)
            return new JobDeletionResult(JobDeletionOutcome.Active, job);

        // Files first: a crash in between leaves a row that can be deleted again, never files that no row points to.
        var outputBytes = outputs.DeleteJob(id);
        var inputBytes = inputs.DeleteJob(id);
        if (!await store.DeleteAsync(id, CancellationToken.None))
            return new JobDeletionResult(JobDeletionOutcome.NotFound, null, outputBytes, inputBytes);
        logger.LogInformation("Deleted job {JobId} ({JobStatus}): {ByteCount} bytes of outputs and inputs freed",
            id, JobJson.EnumName(job.Status), outputBytes + inputBytes);
        return new JobDeletionResult(JobDeletionOutcome.Deleted, job, outputBytes, inputBytes);
    }
}
