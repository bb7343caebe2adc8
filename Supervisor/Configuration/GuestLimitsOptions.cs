using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary><c>--auth optional</c>: what a request without credentials may ask for (<c>Sds:Auth:Guest</c>).</summary>
public sealed class GuestLimitsOptions
{
    /// <summary>Largest width or height.</summary>
    [Range(64, 16384)] public int MaxSize { get; set; } = 768;
    [Range(1, 1000)] public int MaxSteps { get; set; } = 30;
    [Range(1, 64)] public int MaxBatch { get; set; } = 1;
    /// <summary>Queued or running jobs per guest client address.</summary>
    [Range(1, 10_000)] public int MaxQueuedJobs { get; set; } = 2;
}
