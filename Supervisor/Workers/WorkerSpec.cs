namespace SdSupervised.Supervisor.Workers;

/// <summary>The parsed <c>--workers</c> option.</summary>
public sealed record WorkerSpec
{
    public WorkerSpecKind Kind { get; init; }
    /// <summary>GPU indices for <see cref="WorkerSpecKind.Devices"/>.</summary>
    public IReadOnlyList<int> GpuIndices { get; init; } = [];
    /// <summary>Whether a <c>cpu</c> slot is part of a device list.</summary>
    public bool IncludeCpu { get; init; }
    /// <summary>Number of synthetic workers for <see cref="WorkerSpecKind.Count"/>.</summary>
    public int Count { get; init; }
}

public enum WorkerSpecKind
{
    /// <summary>One slot per GPU nvidia-smi reports; one cpu slot when there is none.</summary>
    Auto,
    /// <summary>An explicit list: GPU indices and/or <c>cpu</c>.</summary>
    Devices,
    /// <summary>N synthetic workers, for tests and demos.</summary>
    Count,
}
