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
        var active = await store.ListActiveAsync(cancellationToken);
        foreach (var job in active)
            queue.Enqueue(new ActiveJob(job));
        if (active.Count > 0)
            logger.LogInformation("Loaded {JobCount} queued job(s)", active.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
