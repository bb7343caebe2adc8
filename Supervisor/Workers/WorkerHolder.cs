namespace SdSupervised.Supervisor.Workers;

/// <summary>What holds a slot's worker: a job, or a model load or unload asked for through the API.</summary>
public enum WorkerHolderKind
{
    Job,
    ModelLoad,
    ModelUnload,
}

/// <summary>
/// The holder of a reserved slot. <see cref="PriorCrashes"/> is how many times a job already took a worker down:
/// a crash of a job that crashed before is that job's fault (it counts toward its poison limit), not the slot's.
/// </summary>
public sealed record WorkerHolder(WorkerHolderKind Kind, string Id, int PriorCrashes = 0)
{
    public static WorkerHolder ForJob(string jobId, int priorCrashes) => new(WorkerHolderKind.Job, jobId, priorCrashes);

    /// <summary>The job id, or <c>load:&lt;model&gt;</c> / <c>unload:&lt;model&gt;</c>, as shown in status.</summary>
    public string Label => Kind switch
    {
        WorkerHolderKind.ModelLoad => $"load:{Id}",
        WorkerHolderKind.ModelUnload => $"unload:{Id}",
        _ => Id,
    };
}
