namespace SdSupervised.Contracts;

/// <summary>What a worker says about itself in the handshake.</summary>
public sealed record WorkerInfo
{
    public int ProtocolVersion { get; init; }
    public string WorkerId { get; init; } = "";
    public EngineKind Engine { get; init; }
    public int ProcessId { get; init; }
    public string? NativeVersion { get; init; }
    public string? NativeCommit { get; init; }
    public string[] Devices { get; init; } = [];
    public bool FaultInjectionEnabled { get; init; }
    /// <summary>The device's memory as the engine knows it (the synthetic engine's simulated size); null when unknown.</summary>
    public long? DeviceMemoryTotalBytes { get; init; }
}
