using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// Deletes finished jobs (row, outputs, inputs, through <see cref="JobDeletion"/>) older than <c>Sds:Retention:MaxAgeDays</c>,
/// and the oldest ones while outputs and inputs together pass <c>MaxBytes</c>. Runs once the host has started (the queue
/// is loaded by then) and every <c>IntervalSeconds</c>, a batch of jobs per store query so other writes interleave.
/// Queued and running jobs are never touched.
/// </summary>
public sealed class RetentionService(
    IJobStore store,
    JobDeletion deletion,
    StoragePaths paths,
    RetentionTotals totals,
    IOptions<RetentionOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
            return;

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        logger.LogInformation("Retention on: finished jobs older than {MaxAgeDays} days (0: no age limit), oldest first beyond {MaxBytes} bytes (0: no size limit), every {IntervalSeconds} s",
            o.MaxAgeDays, o.MaxBytes, o.IntervalSeconds);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.IntervalSeconds), time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Retention pass failed; the next one runs in {IntervalSeconds} s", o.IntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: by age, then by size. Returns how many jobs it deleted.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var (byAge, bySize, freed) = (0, 0, 0L);
        if (o.MaxAgeDays > 0)
        {
            var cutoff = time.GetUtcNow() - TimeSpan.FromDays(o.MaxAgeDays);
            while (true)
            {
                var batch = await store.ListFinishedAsync(cutoff, o.BatchSize, cancellationToken);
                var (deleted, bytes) = await DeleteAsync(batch, _ => true, cancellationToken);
                (byAge, freed) = (byAge + deleted, freed + bytes);
                if (batch.Count < o.BatchSize || deleted == 0)
                    break;
            }
        }
        if (o.MaxBytes > 0)
        {
            var total = FolderBytes(paths.Outputs) + FolderBytes(paths.Inputs);
            while (total > o.MaxBytes)
            {
                var batch = await store.ListFinishedAsync(null, o.BatchSize, cancellationToken);
                var (deleted, bytes) = await DeleteAsync(batch, freedSoFar => total - freedSoFar > o.MaxBytes, cancellationToken);
                (bySize, freed, total) = (bySize + deleted, freed + bytes, total - bytes);
                if (deleted == 0)
                    break;
            }
        }

        totals.Add(byAge + bySize, freed, time.GetUtcNow());
        if (byAge + bySize > 0)
            logger.LogInformation("Retention deleted {JobCount} finished job(s) ({ByAge} by age, {BySize} by size), {ByteCount} bytes freed",
                byAge + bySize, byAge, bySize, freed);
        return byAge + bySize;
    }

    /// <summary>Deletes the batch's jobs in order while <paramref name="more"/> (given the bytes freed so far) holds.</summary>
    private async Task<(int Deleted, long Bytes)> DeleteAsync(IReadOnlyList<Job> batch, Func<long, bool> more, CancellationToken cancellationToken)
    {
        var (deleted, bytes) = (0, 0L);
        foreach (var job in batch)
        {
            if (!more(bytes))
                break;
            try
            {
                var result = await deletion.DeleteAsync(job.Id, cancellationToken);
                if (result.Outcome == JobDeletionOutcome.Deleted)
                    (deleted, bytes) = (deleted + 1, bytes + result.FreedBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // One job's folder that cannot be removed must not stop retention for all the others.
                logger.LogWarning("Retention could not delete job {JobId}: {Error}", job.Id, ex.Message);
            }
        }
        return (deleted, bytes);
    }

    private static long FolderBytes(string folder) => Directory.Exists(folder) ? OutputStore.FolderBytes(folder) : 0;
}
