namespace SdSupervised.Supervisor.Workers;

/// <summary>Starts a worker for a slot and completes its handshake, or throws <see cref="WorkerStartupException"/> with the classified reason.</summary>
public interface IWorkerLauncher
{
    /// <param name="activity">What the slot is doing with the worker right now; read once the worker dies, as evidence of what it died doing.</param>
    Task<IWorkerConnection> LaunchAsync(WorkerSlotSpec spec, Func<WorkerActivity> activity, CancellationToken cancellationToken);
}
