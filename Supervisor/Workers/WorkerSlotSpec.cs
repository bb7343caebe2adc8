namespace SdSupervised.Supervisor.Workers;

/// <summary>How to launch the worker of one slot.</summary>
public sealed record WorkerSlotSpec
{
    /// <summary>Stable id: gpu0, gpu1, cpu, or w0.. for synthetic workers.</summary>
    public required string Id { get; init; }
    /// <summary>What the slot runs on, for people: "gpu0 (NVIDIA H100)", "cpu", "synthetic".</summary>
    public required string Device { get; init; }
    /// <summary>Value of CUDA_VISIBLE_DEVICES for a GPU slot; null for cpu and synthetic slots.</summary>
    public string? CudaVisibleDevices { get; init; }
    /// <summary>Engine name passed to the worker with --engine.</summary>
    public required string Engine { get; init; }
    public required string Executable { get; init; }
    public string? NativeLibrary { get; init; }
    public bool AllowFaultInjection { get; init; }
    public int SyntheticStepMs { get; init; }
    public int SyntheticLoadMs { get; init; }
    /// <summary>The device's total memory (nvidia-smi's figure, or the configured/simulated size); null when unknown (cpu).</summary>
    public long? DeviceMemoryBytes { get; init; }
    /// <summary>Synthetic worker: simulate a device of this size; null simulates none.</summary>
    public long? SyntheticDeviceMemoryBytes { get; init; }
    public long SyntheticMemoryGrowthBytes { get; init; }
    public RecyclePolicy Recycle { get; init; } = RecyclePolicy.None;
    public ModelPin Models { get; init; } = ModelPin.Any;
    /// <summary>Keep a warm standby worker (started, no model) beside the primary.</summary>
    public bool Standby { get; init; }
}
