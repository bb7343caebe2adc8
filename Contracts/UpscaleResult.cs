namespace SdSupervised.Contracts;

/// <summary>Outcome of <see cref="IWorkerRpc.UpscaleAsync"/>; <see cref="Success"/> false is a clean failure, the worker is kept.</summary>
public sealed record UpscaleResult
{
    public bool Success { get; init; }
    public string? Error { get; init; }
    public GeneratedImage? Image { get; init; }
    public double Seconds { get; init; }
}
