using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Status;

/// <summary>The state of the whole service as /api/status and /api/health report it.</summary>
public sealed record SupervisorStatus(
    bool Degraded,
    EngineDecision Engine,
    IReadOnlyList<WorkerStatus> Workers,
    int Queued,
    int Running);

/// <summary>One slot as /api/status shows it; <see cref="ModelCompanions"/> are the files loaded with its model (kind → path in the models directory);
/// <see cref="Draining"/>: an operator stopped it taking new jobs.</summary>
public sealed record WorkerStatus(
    string Id,
    string Device,
    WorkerState State,
    int? Pid,
    int Restarts,
    string? Model,
    string? JobId,
    WorkerFailureRecord? LastFailure,
    string? Reason,
    EngineKind? Engine,
    IReadOnlyDictionary<string, string>? ModelCompanions = null,
    bool Draining = false,
    BreakerState Breaker = BreakerState.Closed,
    WorkerCapacity? Capacity = null);

/// <summary>What a slot adds for multi-GPU boxes: recycling, the warm standby, its device's memory and which models it may load.</summary>
public sealed record WorkerCapacity(
    int JobsServed,
    int Recycles,
    WorkerRecycleRecord? LastRecycle,
    RecycleLimits? RecycleLimits,
    StandbyState Standby,
    int? StandbyPid,
    long? DeviceMemoryTotalBytes,
    long? DeviceMemoryUsedBytes,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Exclude);
