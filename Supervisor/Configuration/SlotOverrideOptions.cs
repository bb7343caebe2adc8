namespace SdSupervised.Supervisor.Configuration;

/// <summary>Settings that differ for one worker slot (e.g. another executable or engine on one GPU).</summary>
public sealed class SlotOverrideOptions
{
    /// <summary>Engine name passed to this slot's worker (synthetic or native).</summary>
    public string? Engine { get; set; }
    public string? WorkerExecutable { get; set; }
    public string? NativeLibrary { get; set; }
    /// <summary>This slot's recycling limits; each one set here replaces the global <c>Sds:Recycle</c> one.</summary>
    public RecycleOptions? Recycle { get; set; }
    /// <summary>Models (catalog ids, or globs with * and ?) this slot may load; empty or unset allows every model.</summary>
    public string[]? Models { get; set; }
    /// <summary>Models (ids or globs) this slot never loads, even when <see cref="Models"/> would allow them.</summary>
    public string[]? Exclude { get; set; }
    /// <summary>The device's memory when nvidia-smi cannot tell it, and the simulated device's size for a synthetic worker.</summary>
    public long? SimulatedDeviceMemoryBytes { get; set; }
    /// <summary>Synthetic worker: simulated device memory each job leaves behind (for testing memory recycling).</summary>
    public long? SyntheticMemoryGrowthBytes { get; set; }
    /// <summary>Keep a warm standby worker for this slot; replaces <c>Sds:Standby:Enabled</c>.</summary>
    public bool? Standby { get; set; }
}
