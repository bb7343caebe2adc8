namespace SdSupervised.Contracts;

/// <summary>Answer to <see cref="IWorkerRpc.PingAsync"/>.</summary>
public sealed record Heartbeat
{
    public bool Busy { get; init; }
    public string? JobId { get; init; }
    public int Step { get; init; }
    public int Steps { get; init; }
    public string? LoadedModelId { get; init; }
    public long WorkingSetBytes { get; init; }
    /// <summary>Device memory in use as the engine knows it; null when it cannot tell (the supervisor may ask nvidia-smi).</summary>
    public long? DeviceMemoryUsedBytes { get; init; }
}
