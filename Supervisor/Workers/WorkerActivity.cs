namespace SdSupervised.Supervisor.Workers;

/// <summary>What a worker was doing when it exited; part of the failure evidence.</summary>
public enum WorkerActivity
{
    Starting,
    Idle,
    LoadingModel,
    Generating,
}
