namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Where one attempt's time went, seconds. <see cref="QueuedSeconds"/> runs from submission (or the previous attempt's
/// end) to the start; <see cref="LoadSeconds"/> and <see cref="EngineSeconds"/> are the worker's own figures,
/// <see cref="EncodeSeconds"/> the supervisor's PNG encoding and writes; <see cref="TotalSeconds"/> is queued plus the
/// attempt's wall time, so the totals of all attempts add up to the job's wall time and the rest of a total is overhead
/// (RPC, store writes). The metrics histograms record these same figures.
/// </summary>
public sealed record AttemptTimings(
    int Attempt,
    string? WorkerId,
    string? Model,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double QueuedSeconds,
    double LoadSeconds,
    double EngineSeconds,
    double EncodeSeconds,
    double TotalSeconds);
