namespace SdSupervised.Supervisor.Workers;

/// <summary>Everything known about how a worker process ended; the input of <see cref="FailureClassifier"/>.</summary>
public sealed record WorkerExitEvidence
{
    /// <summary>Exit status as .NET reports it on Unix: the exit code, or 128 + signal number.</summary>
    public int? ExitCode { get; init; }
    /// <summary>The last stdout/stderr lines of the worker, oldest first.</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];
    public KillReason KilledBy { get; init; }
    /// <summary>Human detail for a kill we did (e.g. "no progress for 120 s at step 3/20").</summary>
    public string? KillDetail { get; init; }
    public bool HandshakeCompleted { get; init; }
    public WorkerActivity Activity { get; init; }
    /// <summary>Set when the executable could not even be started (not found, not executable).</summary>
    public string? LaunchError { get; init; }
}
