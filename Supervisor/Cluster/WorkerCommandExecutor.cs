using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// The owning side of worker commands: runs the commands other nodes wrote for this node's workers, as the local
/// routes would (<see cref="WorkerManagement"/>), and records the result. Run on a
/// <see cref="ClusterNotificationKind.Command"/> notification and on every poll of <see cref="ClusterQueueSync"/>.
/// </summary>
public sealed class WorkerCommandExecutor(
    PostgresWorkerCommands commands,
    WorkerManagement workers,
    IOptions<SupervisorOptions> options,
    ILogger<WorkerCommandExecutor> logger)
{
    public Task<int> RunPendingAsync(CancellationToken cancellationToken) =>
        commands.RunPendingAsync(TimeSpan.FromSeconds(options.Value.Cluster.CommandTimeoutSeconds), Execute, cancellationToken);

    private string Execute(PendingWorkerCommand command)
    {
        var result = command.Kind switch
        {
            WorkerCommandKind.Drain => workers.Drain(command.WorkerId),
            WorkerCommandKind.Enable => workers.Enable(command.WorkerId),
            WorkerCommandKind.Restart => workers.Restart(command.WorkerId),
            _ => WorkerCommandResult.NotFound,
        };
        logger.LogInformation("Worker command {CommandId} from another node: {Command} {WorkerId}: {Result}", command.Id, command.Kind, command.WorkerId, result);
        return RemoteWorkerCommands.Format(result);
    }
}
