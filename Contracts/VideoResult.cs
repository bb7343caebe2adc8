namespace SdSupervised.Contracts;

/// <summary>
/// Outcome of <see cref="IWorkerRpc.GenerateVideoAsync"/>; <see cref="Success"/> false is a clean <c>GenerationFailed</c>.
/// Frames are raw RGB pixels like <see cref="GeneratedImage"/>: with the MessagePack formatter each one crosses the pipe
/// as one <c>bin</c> blob, written from and read into its own array (no per-frame copy beyond the pipe's own).
/// </summary>
public sealed record VideoResult
{
    public bool Success { get; init; }
    public string? Error { get; init; }
    public GeneratedImage[] Frames { get; init; } = [];
    public int Fps { get; init; }
    /// <summary>Time the engine itself spent generating, seconds.</summary>
    public double GenerationSeconds { get; init; }
    public long? DeviceMemoryUsedBytes { get; init; }
}
