namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>How slow the stand-in pretends to be.</summary>
public sealed record SyntheticEngineOptions
{
    public TimeSpan StepTime { get; init; } = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSyntheticStepMs);
    public TimeSpan LoadTime { get; init; } = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSyntheticLoadMs);
    /// <summary>Size of the simulated device; null simulates none (no memory figures, never out of memory).</summary>
    public long? DeviceMemoryBytes { get; init; }
    /// <summary>How much simulated device memory every job leaves behind.</summary>
    public long MemoryGrowthPerJobBytes { get; init; }
}
