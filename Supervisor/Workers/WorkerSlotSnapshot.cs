using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Everything a slot is, at one moment: replaced whole under the slot's lock and published in order, so a reader
/// never sees half a state and two quick transitions never reach a client out of order. <see cref="Version"/>
/// increases by one with every replacement.
/// </summary>
public sealed record WorkerSlotSnapshot
{
    public required string WorkerId { get; init; }
    public required string Device { get; init; }
    public WorkerState State { get; init; } = WorkerState.Stopped;
    /// <summary>Why the slot is not serving (startup error, breaker reason); null when fine.</summary>
    public string? Reason { get; init; }
    public int Restarts { get; init; }
    public WorkerFailureRecord? LastFailure { get; init; }
    public string? LoadedModel { get; init; }
    public WorkerHolder? Holder { get; init; }
    public int? ProcessId { get; init; }
    public WorkerInfo? Info { get; init; }
    /// <summary>An operator asked the slot to finish its current work and take no more.</summary>
    public bool Draining { get; init; }
    public BreakerState Breaker { get; init; } = BreakerState.Closed;
    /// <summary>When the slot last finished a job; the scheduler evicts the least recently used model first.</summary>
    public DateTimeOffset LastUsedAt { get; init; }
    /// <summary>Jobs the current worker has served (recycling counts them).</summary>
    public int JobsServed { get; init; }
    /// <summary>When the current worker completed its handshake.</summary>
    public DateTimeOffset? WorkerStartedAt { get; init; }
    /// <summary>Proactive recycles so far; they are not restarts and not failures.</summary>
    public int Recycles { get; init; }
    public WorkerRecycleRecord? LastRecycle { get; init; }
    /// <summary>The recycling limits in force (lowered after repeated CUDA restarts); null when recycling is off.</summary>
    public RecycleLimits? RecycleLimits { get; init; }
    /// <summary>The device's total memory (nvidia-smi, configured or simulated); null when unknown.</summary>
    public long? DeviceMemoryTotalBytes { get; init; }
    /// <summary>Device memory in use, as last reported (after a job, or by a ping); null when unknown.</summary>
    public long? DeviceMemoryUsedBytes { get; init; }
    public StandbyState Standby { get; init; } = StandbyState.None;
    public int? StandbyProcessId { get; init; }
    public DateTimeOffset At { get; init; }
    public long Version { get; init; }

    /// <summary>Serving or able to serve right now.</summary>
    public bool IsUsable => State is WorkerState.Idle or WorkerState.Busy or WorkerState.Loading;

    /// <summary>Free to take a job or a model operation.</summary>
    public bool IsIdle => State == WorkerState.Idle && !Draining;
}
