namespace SdSupervised.Supervisor.Storage;

/// <summary>What retention removed since start, for <c>/api/status</c>. Thread-safe.</summary>
public sealed class RetentionTotals
{
    private long _deletedJobs;
    private long _freedBytes;
    private long _lastRunTicks;

    public long DeletedJobs => Interlocked.Read(ref _deletedJobs);

    public long FreedBytes => Interlocked.Read(ref _freedBytes);

    /// <summary>When the last pass ended; null before the first.</summary>
    public DateTimeOffset? LastRunAt => Interlocked.Read(ref _lastRunTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    internal void Add(int jobs, long bytes, DateTimeOffset at)
    {
        Interlocked.Add(ref _deletedJobs, jobs);
        Interlocked.Add(ref _freedBytes, bytes);
        Interlocked.Exchange(ref _lastRunTicks, at.UtcTicks);
    }
}
