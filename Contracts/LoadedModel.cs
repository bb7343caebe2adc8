namespace SdSupervised.Contracts;

/// <summary>Outcome of <see cref="IWorkerRpc.LoadModelAsync"/>; <see cref="Success"/> false is a clean <c>ModelLoadFailure</c>.</summary>
public sealed record LoadedModel
{
    public bool Success { get; init; }
    public string ModelId { get; init; } = "";
    public double LoadSeconds { get; init; }
    /// <summary>Why the load failed, with the engine's last error lines.</summary>
    public string? Error { get; init; }
}
