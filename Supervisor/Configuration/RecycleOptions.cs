using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// When to replace a healthy worker before it fails (<c>Sds:Recycle</c>, and per slot <c>Sds:Slots:&lt;id&gt;:Recycle</c>,
/// whose set values win). Every limit is off until set; a recycle happens only between jobs.
/// </summary>
public sealed class RecycleOptions
{
    /// <summary>Recycle a worker once it has served this many jobs.</summary>
    [Range(1, int.MaxValue)] public int? AfterJobs { get; set; }
    /// <summary>Recycle a worker once it has lived this many hours (checked between jobs).</summary>
    [Range(0.001, 100_000)] public double? AfterHours { get; set; }
    /// <summary>Recycle when the device memory in use after a job is at least this many bytes.</summary>
    [Range(1, long.MaxValue)] public long? MemoryThresholdBytes { get; set; }
    /// <summary>Recycle when the device memory in use after a job is at least this share of the device (1-100).</summary>
    [Range(0.1, 100)] public double? MemoryThresholdPercent { get; set; }
    /// <summary>This many cuda_error / cuda_out_of_memory restarts within the window lower the slot's thresholds (default 2).</summary>
    [Range(1, 1000)] public int? CudaRestartsToLower { get; set; }
    /// <summary>The window for <see cref="CudaRestartsToLower"/>, minutes (default 60).</summary>
    [Range(1, 100_000)] public double? CudaRestartWindowMinutes { get; set; }
    /// <summary>What the thresholds are multiplied by while lowered (default 0.5).</summary>
    [Range(0.01, 1.0)] public double? LoweredFactor { get; set; }
}
