namespace SdSupervised.Contracts;

/// <summary>Outcome of <see cref="IWorkerRpc.ConvertAsync"/>.</summary>
public sealed record ConvertResult
{
    public bool Success { get; init; }
    public string? Error { get; init; }
    public double Seconds { get; init; }
    public long OutputBytes { get; init; }
}
