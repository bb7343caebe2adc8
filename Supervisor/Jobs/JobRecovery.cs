namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// At start, before workers or the API: opens the store, puts jobs that a dead supervisor left running
/// back in the queue, and loads the queue into memory.
/// </summary>
public sealed class JobRecovery(IJobStore store, JobQueue queue, ILogger<JobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var requeued = await store.RequeueInterruptedAsync(cancellationToken);
        if (requeued > 0)
            logger.LogWarning("Recovered {JobCount} job(s) that were running when the supervisor stopped; they are queued again", requeued);
        // Only queued jobs: on a shared PostgreSQL store a running job is another node's (this node's own were just
        // requeued), and it runs there until it finishes or its lease expires. On SQLite nothing is running by now.
        var active = (await store.ListActiveAsync(cancellationToken)).Where(j => j.Status == JobStatus.Queued).ToList();
        foreach (var job in active)
            queue.Enqueue(new ActiveJob(job));
        if (active.Count > 0)
            logger.LogInformation("Loaded {JobCount} queued job(s)", active.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
