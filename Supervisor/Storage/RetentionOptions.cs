using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Storage;

/// <summary>Retention of finished jobs (their row, outputs and inputs), section <c>Sds:Retention</c>. Off by default.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Sds:Retention";

    /// <summary>Finished jobs older than this many days (since they finished) are deleted; fractions allowed. 0: no age limit.</summary>
    [Range(0, 36_500)]
    public double MaxAgeDays { get; set; }

    /// <summary>While outputs and inputs together take more than this, the oldest finished jobs are deleted. 0: no size limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxBytes { get; set; }

    /// <summary>How often retention runs (also once right after start).</summary>
    [Range(0.05, 86_400)]
    public double IntervalSeconds { get; set; } = 600;

    /// <summary>Jobs looked at per store query; a pass goes on batch after batch until the limits hold.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    public bool Enabled => MaxAgeDays > 0 || MaxBytes > 0;
}
