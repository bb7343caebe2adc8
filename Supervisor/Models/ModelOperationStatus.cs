namespace SdSupervised.Supervisor.Models;

/// <summary>What became of one load or unload on a worker.</summary>
public enum ModelOperationStatus
{
    Loaded,
    AlreadyLoaded,
    Unloaded,
    /// <summary>Unload of a model no worker holds: nothing to do.</summary>
    NotLoaded,
    WorkerNotFound,
    /// <summary>The worker (or every worker) is busy, starting or faulted; try again when one is idle.</summary>
    WorkerBusy,
    /// <summary>The worker's <c>Models</c>/<c>Exclude</c> rules (or every worker's) refuse the model.</summary>
    NotAllowed,
    Failed,
}
