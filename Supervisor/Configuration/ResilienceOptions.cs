using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>The numbers behind the failure model (ARCHITECTURE §4).</summary>
public sealed class ResilienceOptions
{
    /// <summary>A job interrupted by worker crashes runs at most this many times, then fails as poison.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 3;
    /// <summary>How many times a job that hit CUDA out-of-memory is retried before failing.</summary>
    [Range(0, 100)] public int OutOfMemoryRetries { get; set; } = 1;
    /// <summary>No progress for this long while generating → SIGKILL, failure kind Hang.</summary>
    [Range(1, 86400)] public int StallTimeoutSeconds { get; set; } = 120;
    [Range(1, 3600)] public int HandshakeTimeoutSeconds { get; set; } = 30;
    [Range(1, 86400)] public int ModelLoadTimeoutSeconds { get; set; } = 600;
    [Range(1, 3600)] public int PingIntervalSeconds { get; set; } = 5;
    [Range(1, 3600)] public int PingTimeoutSeconds { get; set; } = 15;
    /// <summary>After a cancel, how long the worker gets to stop by itself before it is killed and restarted.</summary>
    [Range(0, 3600)] public int CancelGraceSeconds { get; set; } = 5;
    /// <summary>On SIGTERM, how long running jobs may finish before they are cancelled and requeued.</summary>
    [Range(0, 86400)] public int ShutdownGraceSeconds { get; set; } = 30;
    /// <summary>First restart delay; doubles (with jitter) for consecutive quick failures.</summary>
    [Range(0, 600_000)] public int RestartDelayMs { get; set; } = 200;
    [Range(0, 3_600_000)] public int RestartMaxDelayMs { get; set; } = 30_000;
    /// <summary>A worker that lived this long, or completed a job, resets the restart backoff.</summary>
    [Range(1, 86400)] public int HealthyAfterSeconds { get; set; } = 60;
    [Range(0.01, 1.0)] public double BreakerFailureRatio { get; set; } = 0.8;
    [Range(2, 1000)] public int BreakerMinimumThroughput { get; set; } = 5;
    [Range(1, 86400)] public int BreakerSamplingSeconds { get; set; } = 120;
    [Range(1, 86400)] public int BreakerBreakSeconds { get; set; } = 60;
}
