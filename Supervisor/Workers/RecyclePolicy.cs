using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// One slot's recycling limits, resolved from <c>Sds:Recycle</c> and the slot's own <c>Recycle</c> section (a value set
/// for the slot wins). A slot lowered by repeated CUDA restarts multiplies its limits by <see cref="LoweredFactor"/>.
/// </summary>
public sealed record RecyclePolicy
{
    public static readonly RecyclePolicy None = new();

    public int? AfterJobs { get; init; }
    public TimeSpan? AfterAge { get; init; }
    public long? MemoryThresholdBytes { get; init; }
    public double? MemoryThresholdPercent { get; init; }
    public int CudaRestartsToLower { get; init; } = 2;
    public TimeSpan CudaRestartWindow { get; init; } = TimeSpan.FromHours(1);
    public double LoweredFactor { get; init; } = 0.5;

    public bool Enabled => AfterJobs is not null || AfterAge is not null || MemoryThresholdBytes is not null || MemoryThresholdPercent is not null;

    public static RecyclePolicy From(RecycleOptions global, RecycleOptions? slot)
    {
        var hours = slot?.AfterHours ?? global.AfterHours;
        return new RecyclePolicy
        {
            AfterJobs = slot?.AfterJobs ?? global.AfterJobs,
            AfterAge = hours is { } h ? TimeSpan.FromHours(h) : null,
            MemoryThresholdBytes = slot?.MemoryThresholdBytes ?? global.MemoryThresholdBytes,
            MemoryThresholdPercent = slot?.MemoryThresholdPercent ?? global.MemoryThresholdPercent,
            CudaRestartsToLower = slot?.CudaRestartsToLower ?? global.CudaRestartsToLower ?? 2,
            CudaRestartWindow = TimeSpan.FromMinutes(slot?.CudaRestartWindowMinutes ?? global.CudaRestartWindowMinutes ?? 60),
            LoweredFactor = slot?.LoweredFactor ?? global.LoweredFactor ?? 0.5,
        };
    }

    /// <summary>The limits in force: these, or lowered ones after repeated CUDA restarts.</summary>
    public RecycleLimits Limits(bool lowered, long? deviceTotalBytes)
    {
        var factor = lowered ? LoweredFactor : 1.0;
        long? memory = MemoryThresholdBytes;
        if (MemoryThresholdPercent is { } percent && deviceTotalBytes is { } total)
        {
            var byPercent = (long)(total * percent / 100.0);
            memory = memory is { } bytes ? Math.Min(bytes, byPercent) : byPercent;
        }
        return new RecycleLimits(
            AfterJobs is { } jobs ? Math.Max(1, (int)Math.Ceiling(jobs * factor)) : null,
            AfterAge is { } age ? age * factor : null,
            memory is { } m ? (long)(m * factor) : null,
            lowered);
    }

    /// <summary>Why a worker is due for recycling after <paramref name="jobs"/> jobs at <paramref name="age"/>, or null.</summary>
    public static string? Due(RecycleLimits limits, int jobs, TimeSpan age, long? usedBytes)
    {
        var lowered = limits.Lowered ? " (limits lowered after repeated CUDA restarts)" : "";
        if (limits.AfterJobs is { } n && jobs >= n)
            return $"recycled: after {jobs} jobs{lowered}";
        if (limits.MemoryThresholdBytes is { } threshold && usedBytes is { } used && used >= threshold)
            return $"recycled: device memory {used / (1024 * 1024)} MiB after a job, at or above {threshold / (1024 * 1024)} MiB{lowered}";
        if (limits.AfterAge is { } max && age >= max)
            return $"recycled: after {age.TotalHours:0.##} hours{lowered}";
        return null;
    }
}

/// <summary>The recycling limits a slot applies now (null: that limit is off); shown in status.</summary>
public sealed record RecycleLimits(int? AfterJobs, TimeSpan? AfterAge, long? MemoryThresholdBytes, bool Lowered);
