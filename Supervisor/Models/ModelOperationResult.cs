namespace SdSupervised.Supervisor.Models;

/// <summary>The outcome of loading or unloading a model on a worker, outside a job.</summary>
public sealed record ModelOperationResult(ModelOperationStatus Status, string ModelId, string? WorkerId, string Message)
{
    public double? Seconds { get; init; }

    public bool Succeeded => Status is ModelOperationStatus.Loaded or ModelOperationStatus.AlreadyLoaded
        or ModelOperationStatus.Unloaded or ModelOperationStatus.NotLoaded;
}
