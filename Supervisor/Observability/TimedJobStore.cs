using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// The job store with its write latency measured (<c>sds_sqlite_write_seconds</c>): the time a transition takes to become
/// durable as the runner waits for it, batching and fsync included. Reads pass straight through.
/// </summary>
public sealed class TimedJobStore(IJobStore inner, SdsMetrics metrics, TimeProvider time) : IJobStore, IAsyncDisposable
{
    /// <summary>The store this one times (what <see cref="Jobs.Postgres.ClusterStore.Of"/> looks through).</summary>
    public IJobStore Inner => inner;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<Job> InsertAsync(Job job, CancellationToken cancellationToken) => TimedAsync(() => inner.InsertAsync(job, cancellationToken));

    public Task UpdateAsync(Job job, CancellationToken cancellationToken) => TimedAsync(() => inner.UpdateAsync(job, cancellationToken));

    public Task<Job?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Job>> ListActiveAsync(CancellationToken cancellationToken) => inner.ListActiveAsync(cancellationToken);

    public Task<IReadOnlyList<Job>> ListRecentAsync(int limit, CancellationToken cancellationToken) => inner.ListRecentAsync(limit, cancellationToken);

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken) => inner.RequeueInterruptedAsync(cancellationToken);

    public Task<IReadOnlyList<Job>> ListFinishedAsync(DateTimeOffset? finishedBefore, int limit, CancellationToken cancellationToken) =>
        inner.ListFinishedAsync(finishedBefore, limit, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => TimedAsync(() => inner.DeleteAsync(id, cancellationToken));

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private async Task TimedAsync(Func<Task> write)
    {
        var started = time.GetTimestamp();
        await write();
        metrics.SqliteWriteLatency.Record(time.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<T> TimedAsync<T>(Func<Task<T>> write)
    {
        var started = time.GetTimestamp();
        var result = await write();
        metrics.SqliteWriteLatency.Record(time.GetElapsedTime(started).TotalSeconds);
        return result;
    }
}
